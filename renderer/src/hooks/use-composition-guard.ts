import { useRef, type KeyboardEvent } from "react";

/** The legacy key code of a key the input method took (still the only signal Safari leaves on a confirming Enter). */
const imeProcessKeyCode = 229;

/**
 * Tells an Enter that confirms an input method's composition (Chinese pinyin, Japanese kana…) from an Enter that
 * means "send". Browsers disagree on which signal they give: `isComposing` (Chromium, Firefox), keyCode 229 while
 * `isComposing` is already false (Safari fires compositionend before the confirming keydown: bluesky-social/social-app
 * pull #4186, udecode/plate pull #5048), or only the composition events. Any one of them means the Enter belongs to
 * the composition.
 */
export function useCompositionGuard() {
  const composing = useRef(false);
  return {
    compositionHandlers: {
      onCompositionStart: () => (composing.current = true),
      onCompositionEnd: () => (composing.current = false),
    },
    isCompositionKey: (event: KeyboardEvent) =>
      composing.current || event.nativeEvent.isComposing || event.nativeEvent.keyCode === imeProcessKeyCode,
  };
}
