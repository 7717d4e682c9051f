/** Word-level pieces for the synthetic vocabulary, most useful first; "▁" marks a leading space as in SentencePiece. */

export const PUNCTUATION_PIECES = [".", ",", "!", "?", "'", ":", ";", "-", "(", ")", "\""] as const;

const SPACED_WORDS = `
the a and to of is in it you that I for on with this was are be have not can we will your all from they
but what so there some more about like time would make just know people good new one help here model Hello
Sure The This It You We In If What How Yes No my me he she his her them their our an or as at by do if no up
out get use also how which when make more one very well way may many then than its only other into over
think see see look want give day most us because any these first been has had were said each did could
long down find work part place made live where after back little only round man year came show every
name just sentence great help through much before line right too mean old any same tell boy follow
world question answer example happy thank thanks please sorry great idea simple small large story
write read learn today again still never always something nothing everything system language text
`;

const SUBWORDS = ["ing", "ed", "er", "es", "ly", "tion", "ment", "ness", "able", "est", "al", "ful", "s", "'s", "n't"];

/** Unique word pieces: space-prefixed words first, then suffix-like subwords. */
export function listEnglishWordPieces(): string[] {
    const words = SPACED_WORDS.split(/\s+/).filter((word) => word.length > 0);
    const pieces = [...words.map((word) => `▁${word}`), ...SUBWORDS];
    return [...new Set(pieces)];
}

const CONSONANTS = "bcdfghjklmnprstvwz";
const VOWELS = "aeiou";

/**
 * Endless supply of pronounceable pseudo-word pieces ("ka", "▁ka", "kalo", "▁kalo", ...) to pad large vocabularies
 * so random generations still read like text.
 */
export function* generatePseudoWordPieces(): Generator<string> {
    const syllables: string[] = [];
    for (const consonant of CONSONANTS)
        for (const vowel of VOWELS)
            syllables.push(consonant + vowel);

    let words = [""];
    for (;;) {
        const longer: string[] = [];
        for (const word of words)
            for (const syllable of syllables) {
                const next = word + syllable;
                longer.push(next);
                yield `▁${next}`;
                yield next;
            }
        words = longer;
    }
}
