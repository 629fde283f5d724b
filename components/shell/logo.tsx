export function Logo() {
  return (
    <span className="flex items-center gap-2 text-base font-semibold tracking-tight">
      <svg
        aria-hidden
        viewBox="0 0 24 24"
        className="h-6 w-6 text-primary"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.2"
        strokeLinecap="round"
      >
        <path d="M3 7c3 0 3 3 6 3s3-3 6-3 3 3 6 3" />
        <path d="M3 14c3 0 3 3 6 3s3-3 6-3 3 3 6 3" opacity="0.55" />
      </svg>
      Sluice
    </span>
  );
}
