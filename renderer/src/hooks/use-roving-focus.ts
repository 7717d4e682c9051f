import { useCallback, useState, type FocusEvent, type KeyboardEvent } from "react";

/** The attribute that marks each item's focusable control in a roving list. */
export const rovingItemAttribute = "data-roving-id";

/**
 * One tab stop for a whole list (WAI-ARIA's roving tabindex): Tab enters the list at the current item (the open
 * chat, else the first); ↑ ↓ Home End move between items. Items carry `data-roving-id` on their control and get
 * `tabIndex` 0 (the stop) or -1 from `tabIndexOf`.
 */
export function useRovingFocus(ids: readonly string[], preferredId: string | null) {
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const stopId = focusedId !== null && ids.includes(focusedId) ? focusedId : preferredId !== null && ids.includes(preferredId) ? preferredId : (ids[0] ?? null);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const current = (event.target as HTMLElement).getAttribute(rovingItemAttribute);
      if (current === null || event.altKey || event.ctrlKey || event.metaKey) return;
      const index = ids.indexOf(current);
      const target =
        event.key === "ArrowDown" ? ids[Math.min(index + 1, ids.length - 1)]
        : event.key === "ArrowUp" ? ids[Math.max(index - 1, 0)]
        : event.key === "Home" ? ids[0]
        : event.key === "End" ? ids.at(-1)
        : undefined;
      if (target === undefined) return;
      event.preventDefault();
      setFocusedId(target);
      const items = event.currentTarget.querySelectorAll<HTMLElement>(`[${rovingItemAttribute}]`);
      const element = [...items].find((item) => item.getAttribute(rovingItemAttribute) === target);
      element?.focus();
      element?.scrollIntoView?.({ block: "nearest" });
    },
    [ids],
  );

  const onFocus = useCallback((event: FocusEvent<HTMLElement>) => {
    const id = (event.target as HTMLElement).getAttribute(rovingItemAttribute);
    if (id !== null) setFocusedId(id);
  }, []);

  const tabIndexOf = (id: string) => (id === stopId ? 0 : -1);
  return { onKeyDown, onFocus, tabIndexOf };
}
