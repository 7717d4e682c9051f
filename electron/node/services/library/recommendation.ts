/**
 * Why the Library recommends a file, as facts the banner turns into sentences (in the UI's language): the device's
 * RAM and CPU, what the pick needs and the context it fits, the trade-off that chose it among the files of its size,
 * why not a bigger model, and the runner-up with what it trades. Everything comes from the same ranking and fit
 * figures that chose the file (fit.ts), so the text can never disagree with the pick.
 */
import type { CatalogVariant, DeviceInfo, FitAssessment, RecommendationExplanation } from "../../../common/contract/app/library.ts";
import { quantizationQuality } from "../../../../models/catalog.ts";
import { rankVariants, type RecommendOptions } from "./fit.ts";

export interface AssessedVariant {
  variant: CatalogVariant;
  fit: FitAssessment;
}

const candidateOf = ({ variant, fit }: AssessedVariant) => ({ id: variant.id, parameters: variant.shape.parameters, quantization: variant.quantization, fit, variant });

export function explainRecommendation(assessed: readonly AssessedVariant[], device: DeviceInfo, options: RecommendOptions): RecommendationExplanation | null {
  const ranked = rankVariants(assessed.map(candidateOf), options);
  const [pick, runnerUp] = ranked;
  if (!pick) return null;
  // The largest model that did not make it, if any: the reason it is not recommended is its fit.
  const bigger = assessed
    .filter(({ variant }) => variant.shape.parameters > pick.parameters)
    .sort((a, b) => a.fit.needBytes - b.fit.needBytes)[0];
  const sameSize = ranked.filter((candidate) => candidate.parameters === pick.parameters);
  return {
    recommendedId: pick.id,
    cpu: { arch: device.arch, cores: device.cpuCores, model: device.cpuModel, board: device.boardModel },
    needBytes: pick.fit.needBytes,
    contextSize: pick.fit.contextSize,
    fittingContextSize: pick.fit.fittingContextSize ?? pick.fit.contextSize,
    choice: options.preferQ4_0 && pick.quantization === "Q4_0" && sameSize.length > 1 ? "q4_0-on-arm" : sameSize.length > 1 ? "best-quality-that-fits" : "only-one-that-fits",
    biggerModel: bigger ? { variantId: bigger.variant.id, needBytes: bigger.fit.needBytes, verdict: bigger.fit.verdict, fittingContextSize: bigger.fit.fittingContextSize } : null,
    runnerUp: runnerUp
      ? {
          variantId: runnerUp.id,
          needBytes: runnerUp.fit.needBytes,
          trade:
            runnerUp.parameters < pick.parameters
              ? "smaller-model"
              : quantizationQuality[runnerUp.quantization] > quantizationQuality[pick.quantization]
                ? options.preferQ4_0 && pick.quantization === "Q4_0"
                  ? "higher-quality-slower-prompts"
                  : "higher-quality"
                : "lower-quality",
        }
      : null,
  };
}
