import type { TFunction } from "i18next";
import type { CatalogListing, RecommendationExplanation } from "../../../../electron/common/contract/app/library.ts";
import { useTranslation } from "../../i18n/index.ts";
import { availableRamOf } from "../../state/device-ram.ts";
import { formatBytes, formatCount } from "../../state/library-format.ts";
import { useAppState } from "../../state/StoreProvider.tsx";
import "./LibraryRecommendation.css";

function nameOf(listing: CatalogListing, variantId: string, t: TFunction): string {
  const variant = listing.items.find((item) => item.variant.id === variantId)?.variant;
  return variant ? t("item.name", { model: variant.modelName, quantization: variant.quantization }) : variantId;
}

/** The sentences of the explanation, each from main's facts (recommendation.ts): nothing is written per device. */
function sentences(listing: CatalogListing, why: RecommendationExplanation, available: number | null, t: TFunction, language: string): string[] {
  const picked = listing.items.find((item) => item.variant.id === why.recommendedId)?.variant;
  const count = (value: number) => formatCount(value, language);
  const cpu =
    why.cpu.model !== null && why.cpu.cores !== null
      ? t("recommend.cpuCores", { cores: why.cpu.cores, model: why.cpu.model, arch: why.cpu.arch })
      : t("recommend.cpuArch", { arch: why.cpu.arch });
  const ram =
    listing.totalRamBytes === 0
      ? t("recommend.ramUnknown")
      : available === null
        ? t("recommend.ramTotal", { total: formatBytes(listing.totalRamBytes) })
        : t("recommend.ram", { total: formatBytes(listing.totalRamBytes), available: formatBytes(available) });
  const lines = [
    t("recommend.device", { ram, cpu }),
    t("recommend.fits", {
      name: nameOf(listing, why.recommendedId, t),
      need: formatBytes(why.needBytes),
      context: count(why.contextSize),
      fitting: count(why.fittingContextSize),
    }),
    t(`recommend.choice.${why.choice}`, { arch: why.cpu.arch, model: picked?.modelName ?? "" }),
  ];
  if (why.biggerModel)
    lines.push(
      t(`recommend.bigger.${why.biggerModel.verdict}`, {
        name: nameOf(listing, why.biggerModel.variantId, t),
        need: formatBytes(why.biggerModel.needBytes),
        fitting: count(why.biggerModel.fittingContextSize ?? 0),
      }),
    );
  if (why.runnerUp) {
    const difference = formatBytes(Math.abs(why.runnerUp.needBytes - why.needBytes));
    lines.push(
      t("recommend.runnerUp", {
        name: nameOf(listing, why.runnerUp.variantId, t),
        trade: t(`recommend.trade.${why.runnerUp.trade}`, { difference }),
      }),
    );
  }
  return lines;
}

/** The recommended file, why it suits this device, and the runner-up. */
export function LibraryRecommendation({ listing }: { listing: CatalogListing }) {
  const { t, i18n } = useTranslation("library");
  const why = listing.explanation;
  // "Free now" is the device panel's figure (one source: device-ram.ts).
  const available = useAppState((state) => availableRamOf(state.library));
  if (!why) return <p className="recommendation recommendation--none">{t("catalog.noneRecommended")}</p>;
  return (
    <div className="recommendation" role="group" aria-label={t("recommend.label")}>
      <p className="recommendation__pick">{t("catalog.recommended", { name: nameOf(listing, why.recommendedId, t) })}</p>
      {sentences(listing, why, available, t, i18n.language).map((line) => (
        <p key={line} className="recommendation__why">
          {line}
        </p>
      ))}
    </div>
  );
}
