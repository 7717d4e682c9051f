/** Deterministic English-like prompts of a chosen token length (different texts, same length). */
import { seededRandom } from "../test/support/seeded-random.ts";

const words = `the a and to of is in it you that for on with this was are be have not can we will your all from they
but what so there some more about like time would make just know people good new one help here model
write read learn today again still never always something nothing everything system language text world
question answer example happy thank please simple small large story name sentence great idea line right
work part place made live where after back little round man year came show every through much before`
  .split(/\s+/)
  .filter((word) => word !== "");

/**
 * `count` words of running text, sentences of 8–15 words. Seeds that are less than the vocabulary's size apart start
 * with different words, so no prompt shares a KV-cache prefix with the one before it beyond the chat template.
 */
export function promptWords(seed: number, count: number): string {
  const random = seededRandom(seed);
  const out: string[] = [];
  let sentenceLeft = 0;
  for (let index = 0; index < count; index++) {
    let word = (index === 0 ? words[seed % words.length] : words[Math.floor(random() * words.length)]) ?? "the";
    if (sentenceLeft === 0) {
      sentenceLeft = 8 + Math.floor(random() * 8);
      word = word.charAt(0).toUpperCase() + word.slice(1);
    }
    sentenceLeft--;
    out.push(sentenceLeft === 0 || index === count - 1 ? `${word}.` : word);
  }
  return out.join(" ");
}

/**
 * The longest prompt of seed `seed` whose text is at most `tokens` tokens long by `countTokens` (the model's
 * tokenizer): the chat template then adds its few tokens around it, the same for both sides.
 */
export function promptOfTokens(seed: number, tokens: number, countTokens: (text: string) => number): string {
  let low = 1;
  let high = tokens * 2;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (countTokens(promptWords(seed, middle)) <= tokens) low = middle;
    else high = middle - 1;
  }
  return promptWords(seed, low);
}
