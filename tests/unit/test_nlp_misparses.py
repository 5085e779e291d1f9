"""Parses the small model gets wrong, written out token by token as it gave them for real
sentences, and the claims the splitter must still make of them.

The sentences are our own; each parse copies the shape of one the model produced.
"""

from spacy.tokens import Doc
from spacy.vocab import Vocab

from app.nlp.drafts import render
from app.nlp.splitting import split_sentence

POS = {"DT": "DET", "NNP": "PROPN", "NN": "NOUN", "NNS": "NOUN", "VBZ": "VERB", "VBD": "VERB",
       "VBN": "VERB", "IN": "ADP", "POS": "PART", "JJ": "ADJ", "RB": "ADV", "CD": "NUM",
       ".": "PUNCT", ",": "PUNCT"}


def parsed(rows: str) -> Doc:
    """A parse from lines "word tag dep head" (head: the index of the head word)."""
    table = [line.split() for line in rows.strip().splitlines()]
    words = [w for w, *_ in table]
    glued = (".", ",", "'s")
    spaces = [i + 1 < len(words) and words[i + 1] not in glued for i in range(len(words))]
    tags = [t for _, t, _, _ in table]
    pos = [("AUX" if w in ("was", "had") else POS[t]) for w, t, _, _ in table]
    return Doc(Vocab(), words, spaces, tags=tags, pos=pos, deps=[d for *_, d, _ in table],
               heads=[int(h) for *_, h in table])


def claims(doc: Doc) -> list[str]:
    return [render(d.pieces) for d in split_sentence(doc[:], None)]


def test_a_verb_the_parser_gave_an_appositive_keeps_its_object():
    doc = parsed("""
        The DT det 2
        Guild NNP compound 2
        groups VBZ ROOT 2
        all DT appos 2
        of IN prep 3
        Norway NNP poss 8
        's POS case 5
        freelance JJ amod 8
        translators NNS pobj 4
        . . punct 2
    """)
    assert claims(doc) == ["The Guild groups all of Norway's freelance translators."]


def test_a_participle_taken_for_the_verb_stays_with_its_real_verb():
    """ "programs adopted in 2019 had cut costs": not "programs adopted in 2019"."""
    doc = parsed("""
        Farm NN compound 1
        programs NNS nsubj 2
        adopted VBN ROOT 2
        in IN prep 2
        2019 CD pobj 3
        had VBD aux 6
        cut VBN conj 2
        costs NNS dobj 6
        . . punct 2
    """)
    assert claims(doc) == ["Farm programs adopted in 2019 had cut costs."]


def test_a_participle_after_a_comma_is_no_second_predicate():
    """ "this was a burden to growers, already owed arrears": the growers are owed."""
    doc = parsed("""
        This DT nsubj 1
        was VBD ROOT 1
        a DT det 3
        burden NN attr 1
        to IN prep 3
        growers NNS pobj 4
        , , punct 1
        already RB advmod 8
        owed VBD conj 1
        arrears NNS dobj 8
        . . punct 1
    """)
    assert claims(doc) == ["This was a burden to growers, already owed arrears."]
