// Where a post shows its chart: after the figures that lead it (before the first divider, which
// starts the lists), else at the end. The text around it stays as it was: notifications and screen
// readers read the text, and the image's alt says what the picture shows.
import type { Message } from './message.js';

export function withImage(message: Message, image: { imageId: string; alt: string }): Message {
  const block = { type: 'image' as const, imageId: image.imageId, alt: image.alt };
  const at = message.blocks.findIndex((b) => b.type === 'divider');
  const blocks = at < 0 ? [...message.blocks, block] : [...message.blocks.slice(0, at), block, ...message.blocks.slice(at)];
  return { ...message, blocks };
}
