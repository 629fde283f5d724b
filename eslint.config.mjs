import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      "lib/generated/**",
      "test-results/**",
      "playwright-report/**",
      ".data/**",
      ".build/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The app must not import the X stand-in: it is a separate program (conventions.md).
    files: ["app/**", "components/**", "lib/**"],
    ignores: ["**/*.test.ts", "**/*-test-fixture.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/standin/**", "@/standin/**"], message: "The X stand-in is not part of the app." }] },
      ],
    },
  },
  {
    // A form sent through a server action must not be sendable before hydration (SubmitButton).
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    ignores: ["components/ui/submit-button.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "JSXOpeningElement[name.name=/^(Button|button)$/] > JSXAttribute[name.name='type'][value.value='submit']",
          message:
            "Use SubmitButton: before hydration this form would be sent as a GET with its fields in the address. A search form meant as a GET may disable this rule with its reason.",
        },
      ],
    },
  },
];

export default config;
