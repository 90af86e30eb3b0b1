/**
 * Reads a Server-Sent Events body and hands each frame (the text between blank lines) to
 * `onFrame`, until the stream ends or is aborted. Shared by the console test clients.
 */
export async function readSseFrames(
  body: NonNullable<Response['body']>,
  onFrame: (frame: string) => void,
): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      buffer += chunk.value;
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        onFrame(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
      }
    }
  } catch {
    // aborted, or the server went away
  }
}
