/**
 * Text colours for the status tones that keep WCAG AA contrast (4.5:1) on their soft backgrounds
 * in both themes: the tone mixed with the foreground colour, which darkens it in light mode and
 * lightens it in dark mode. Pass as `className` to Alert or Badge, or use on text directly.
 */
export const toneText = {
  success: "text-[color-mix(in_oklab,var(--success)_65%,var(--foreground))]",
  danger: "text-[color-mix(in_oklab,var(--danger)_70%,var(--foreground))]",
  warning: "text-[color-mix(in_oklab,var(--warning)_55%,var(--foreground))]",
} as const;
