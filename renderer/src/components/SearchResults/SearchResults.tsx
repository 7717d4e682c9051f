import { useEffect, useMemo, useState } from "react";
import { rovingItemAttribute, useRovingFocus } from "../../hooks/use-roving-focus.ts";
import type { ChatSearchHit } from "../../../../electron/common/contract/app/chat.ts";
import { useTranslation } from "../../i18n/index.ts";
import { useActions } from "../../state/StoreProvider.tsx";
import "./SearchResults.css";

const debounceMs = 150;

interface SearchState {
  query: string;
  hits: readonly ChatSearchHit[];
}

/** Chats whose title or text matches (`chat.search`), each with the snippet around the match. */
export function SearchResults({ query, activeId }: { query: string; activeId: string | null }) {
  const { t } = useTranslation("common");
  const { chats, selectConversation } = useActions();
  const [result, setResult] = useState<SearchState | null>(null);
  const ids = useMemo(() => result?.hits.map((hit) => hit.id) ?? [], [result]);
  const roving = useRovingFocus(ids, activeId);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      void chats.search(query).then((hits) => {
        if (current) setResult({ query, hits });
      });
    }, debounceMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, chats]);

  if (result === null) return <p className="search-results__status">{t("search.searching")}</p>;
  if (result.hits.length === 0) return <p className="search-results__status">{t("search.none", { query: result.query.trim() })}</p>;
  return (
    <ul className="search-results" aria-label={t("search.results", { count: result.hits.length })} onKeyDown={roving.onKeyDown} onFocus={roving.onFocus}>
      {result.hits.map((hit) => (
        <li key={hit.id}>
          <button
            type="button"
            className="search-results__hit"
            aria-current={hit.id === activeId ? "page" : undefined}
            tabIndex={roving.tabIndexOf(hit.id)}
            {...{ [rovingItemAttribute]: hit.id }}
            onClick={() => void selectConversation(hit.id, hit.messageId ?? undefined)}
          >
            <span className="search-results__title">{hit.title.trim() || t("sidebar.untitled")}</span>
            {hit.messageId !== null && <span className="search-results__snippet">{hit.snippet}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
