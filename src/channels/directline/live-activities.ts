/**
 * Activities that are delivered to the streams open on this instance and never stored: typing
 * indicators. They matter for a few seconds only, so losing one (a stream on another instance, a
 * client that polls) costs nothing, while storing every one of them would grow the log without end.
 */
export class LiveActivities {
  private readonly listeners = new Map<string, Set<(activity: Record<string, unknown>) => void>>();

  publish(conversationId: string, activity: Record<string, unknown>): void {
    for (const listener of this.listeners.get(conversationId) ?? []) listener(activity);
  }

  subscribe(conversationId: string, listener: (activity: Record<string, unknown>) => void): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(conversationId);
    };
  }
}
