/**
 * The one place sharp is tuned and rationed, shared by landing images, the brand logo and chat or
 * notification attachments: no libvips operation cache (every image is new), one worker thread per
 * image, and at most SHARP_SLOTS images decoded at once across all requests (bench/upload.ts
 * measures the effect on RSS). MAX_PIXELS refuses pixel floods before decoding (SECURITY.md B6).
 */
import sharp from "sharp";

export const MAX_PIXELS = 25_000_000;

sharp.cache(false);
sharp.concurrency(1);

const SHARP_SLOTS = 1;
let sharpBusy = 0;
const sharpQueue: Array<() => void> = [];

/** Runs `work` when a slot is free; the others wait their turn in order. */
export async function withSharpSlot<T>(work: () => Promise<T>): Promise<T> {
  if (sharpBusy >= SHARP_SLOTS) await new Promise<void>((resolve) => sharpQueue.push(resolve));
  else sharpBusy++;
  try {
    return await work();
  } finally {
    const next = sharpQueue.shift();
    if (next) next();
    else sharpBusy--;
  }
}
