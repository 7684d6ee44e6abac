import { z } from "zod";

export const userIdInput = z.object({ userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: "Unknown person." }) });
