import { z } from "zod";

/**
 * zod compiles fast parsers with `new Function`, which the renderer's CSP (no 'unsafe-eval') refuses
 * and reports as a violation. Jitless mode never tries. This must run before any schema is built,
 * so it is main.tsx's first import.
 */
z.config({ jitless: true });
