import type { ChatMessage } from "../../../../electron/contract/app/chat.ts";
import { hasModel, isGenerating } from "../../state/app-state.ts";
import { useAppState } from "../../state/StoreProvider.tsx";
import { t } from "../../strings.ts";
import { Composer } from "../Composer/Composer.tsx";
import { MessageList } from "../MessageList/MessageList.tsx";
import "./ChatScreen.css";

const noMessages: readonly ChatMessage[] = [];

function EmptyState({ loading }: { loading: boolean }) {
  const modelLoaded = useAppState(hasModel);
  if (loading) return <p className="chat-screen__hint">{t("chat.loading")}</p>;
  return (
    <div className="chat-screen__empty">
      <h2>{t("chat.emptyTitle")}</h2>
      <p className="chat-screen__hint">{modelLoaded ? t("chat.emptyReady") : t("chat.emptyNoModel")}</p>
    </div>
  );
}

/** The active conversation and the message box. */
export function ChatScreen() {
  const activeId = useAppState((s) => s.activeId);
  const conversation = useAppState((s) => (s.activeId === null ? undefined : s.loaded[s.activeId]));
  const busy = useAppState((s) => isGenerating(s, s.activeId));
  const loading = activeId !== null && conversation === undefined;

  return (
    <section className="chat-screen" aria-label={conversation?.title || t("nav.chat")}>
      <MessageList
        messages={conversation?.messages ?? noMessages}
        busy={busy}
        empty={<EmptyState loading={loading} />}
      />
      <Composer />
    </section>
  );
}
