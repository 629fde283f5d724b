import { z } from "zod";

// Runs in the browser before the app's own modules. Zod compiles object parsers with
// `new Function` unless told not to, and probes for it first; the Content-Security-Policy has no
// 'unsafe-eval', and browsers report even the caught probe as a violation. Without the compiler,
// zod parses the same way, a little slower, which a form never notices.
z.config({ jitless: true });
