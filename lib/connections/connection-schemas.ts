import { z } from "zod";
import { oneLineText, storableText } from "@/lib/validation/storable-text";

/** X ids (pixels, events, accounts) are base-36: digits and lower-case letters. */
export const base36Id = (what: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .min(1, `Enter the ${what}.`)
    .max(32, `That is too long for a ${what}.`)
    .regex(/^[a-z0-9]+$/, `A ${what} has only letters and digits (base 36), like o8z6j.`);

export const pixelTokenConnectionSchema = z.object({
  label: oneLineText(z.string().trim().max(80, "Keep the name under 80 characters.")).default(""),
  pixelId: base36Id("Pixel ID"),
  token: z
    .string()
    .trim()
    // An empty field asks for the token; "too short" is for a token cut off while copying.
    .min(1, { message: "Paste the pixel access token.", abort: true })
    .min(16, "That looks too short for a pixel access token; paste the whole token.")
    .max(2000, "That is too long for a pixel access token.")
    .refine((value) => !/\s/.test(value), "A token has no spaces; paste it exactly as Events Manager shows it.")
    // It travels in an HTTP header, which takes printable ASCII only: anything else (a zero-width
    // space copied along, say) would make every send fail as if X could not be reached.
    .refine(
      (value) => /\s/.test(value) || /^[\x21-\x7e]*$/.test(value),
      "A token has only letters, digits and punctuation; paste it again as plain text.",
    ),
});
export type PixelTokenConnectionInput = z.output<typeof pixelTokenConnectionSchema>;

export const connectionIdSchema = z.object({
  connectionId: storableText(z.string().trim().min(1, "Choose a connection.").max(100)),
});
