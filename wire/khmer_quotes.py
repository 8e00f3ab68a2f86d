"""
Quotations in Khmer copy and who said them: the text inside « », “ ”, ‹ › or
「」 after a speech verb ending in ថា (or a colon), or followed by one; a name
or a pronoun before the verb; partial quotations inside reported speech; the
kind (spoken, written, statement) and the day.
"""

from datetime import timedelta

from .khmer_names import person_before
from .khmer_vocabulary import (
    AFTER_VERBS,
    COLON_INTRO,
    NOT_SPEECH,
    PRONOUNS,
    QUOTE_PAIRS,
    REPORTED,
    SENTENCE_END,
    SPEECH_VERB,
    STATEMENT,
    WEEKDAYS,
    WRITTEN,
)


def speaker_in(copy, paragraph, start, stop):
    """(person, how) from the first name or pronoun between two places."""
    for index, s, _e, person, kind in copy.refs:
        if index != paragraph or not start <= s < stop:
            continue
        if person is not None:
            return person, "name"
        resolved = person_before(copy, paragraph, s, PRONOUNS.get(kind, ""))
        if resolved is not None:
            return resolved, "pronoun"
    return None, ""


def quote_spans(text):
    """(start, end, inner start, inner end, closed) of each quotation."""
    spans = []
    position = 0
    while position < len(text):
        opening = text[position]
        closing = QUOTE_PAIRS.get(opening)
        if closing is None:
            position += 1
            continue
        end = text.find(closing, position + 1)
        if end == -1:
            spans.append((position, len(text), position + 1, len(text), False))
            break
        spans.append((position, end + 1, position + 1, end, True))
        position = end + 1
    return spans


def sentence_bounds(text, start, end):
    before = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
    after = SENTENCE_END.search(text, end)
    return (before[-1] if before else 0), (after.end() if after else len(text))


def kind_of(sentence):
    if any(w in sentence for w in STATEMENT):
        return "statement"
    if any(w in sentence for w in WRITTEN):
        return "written"
    return "spoken"


def said_on(copy, sentence):
    if copy.story_date is None:
        return None
    for number, day in enumerate(WEEKDAYS):
        if f"ថ្ងៃ{day}" in sentence:
            back = (copy.story_date.weekday() - number) % 7
            return copy.story_date - timedelta(days=back)
    return copy.story_date


def read_quotes(copy):
    quotes = []
    last_speaker = None
    for index, text in enumerate(copy.paragraphs):
        reported_speech = list(REPORTED.finditer(text))
        for start, end, inner_start, inner_end, closed in quote_spans(text):
            # Reported speech before the quotation names who speaks next.
            while reported_speech and reported_speech[0].start() < start:
                speaker = reporter(copy, index, reported_speech.pop(0))
                last_speaker = speaker or last_speaker
            words_inside = copy.written[index][inner_start:inner_end].strip()
            if not words_inside:
                continue
            s_start, s_end = sentence_bounds(text, start, end)
            before = text[s_start:start]
            verb = SPEECH_VERB.search(before)
            colon = COLON_INTRO.search(before)
            if verb and before[: verb.start()].endswith(NOT_SPEECH):
                verb = None
            person, how, score = None, "", 0.0
            partial = False
            reason = ""
            if verb or colon:
                clause_end = s_start + (verb.start() if verb else colon.start())
                person, how = speaker_in(copy, index, s_start, clause_end)
                score = {"name": 0.9, "pronoun": 0.75}.get(how, 0.3)
                reason = (
                    f"after the speech verb {verb['verb'].strip()}ថា"
                    if verb
                    else "after a colon"
                )
            elif not before.strip():
                after_text = text[end:s_end]
                if after_text.strip(" ។") == "" and s_end < len(text):
                    next_end = sentence_bounds(text, s_end, s_end)[1]
                    after_text = text[s_end:next_end]
                    after_start = s_end
                else:
                    after_start = end
                if any(v in after_text for v in AFTER_VERBS):
                    person, how = speaker_in(
                        copy, index, after_start, after_start + len(after_text)
                    )
                    score, reason = 0.7, "a speech verb after the quotation"
                if person is None and last_speaker is not None:
                    person, how = last_speaker, "previous speaker"
                    score, reason = 0.5, "the last person quoted or reported"
                if person is None and start == 0 and index > 0:
                    person = person_before(copy, index, 0)
                    if person is not None:
                        how = "previous paragraph"
                        score = 0.4
                        reason = "a quotation opening a paragraph, no attribution"
            else:
                # Inside a sentence: a partial quotation after a speech verb,
                # else a term, title or name in quotation marks. A few letters
                # in marks inside reported speech are a term too.
                reported = REPORTED.search(before)
                if not reported or len(words_inside) < 12:
                    continue
                person, how = speaker_in(
                    copy, index, s_start, s_start + reported.start()
                )
                partial = True
                score, reason = 0.6, "a partial quotation inside reported speech"
            if person is None and not (verb or colon):
                continue
            note = "" if closed else "The quotation mark was never closed."
            if not closed:
                score -= 0.2
            if person is None:
                note = (note + " The story does not name the speaker.").strip()
            else:
                last_speaker = person
            sentence = text[s_start:s_end]
            quotes.append(
                {
                    "text": words_inside,
                    "paragraph": index,
                    "speaker": person,
                    "how": how,
                    "partial": partial,
                    "note": note,
                    "kind": kind_of(sentence),
                    "said_on": said_on(copy, sentence),
                    "score": round(max(score, 0.1), 2),
                    "reason": reason,
                }
            )
        for match in reported_speech:
            last_speaker = reporter(copy, index, match) or last_speaker
    return quotes


def reporter(copy, paragraph, match):
    """Who speaks in a reported clause ("លោក X បាននិយាយថា …"), if named."""
    text = copy.paragraphs[paragraph]
    s_start, _s_end = sentence_bounds(text, match.start(), match.start())
    return speaker_in(copy, paragraph, s_start, match.start())[0]
