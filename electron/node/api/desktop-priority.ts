import type { GenerationQueue } from "./generation-queue.ts";

/**
 * The person at the screen goes first. The desktop chat calls `beforeDesktopAnswer` before each answer (the app's
 * backend is made before the API server, so the queue is attached later): a program's answer under way is stopped
 * and its client told why (503), and programs wait until the desktop's answer is done.
 */
export class DesktopPriority {
  private queue: GenerationQueue | undefined;

  attach(queue: GenerationQueue): () => void {
    this.queue = queue;
    return () => {
      if (this.queue === queue) this.queue = undefined;
    };
  }

  readonly beforeDesktopAnswer = async (): Promise<void> => {
    await this.queue?.yieldToDesktop();
  };
}
