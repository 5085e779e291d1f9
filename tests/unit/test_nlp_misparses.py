"""Parses the small model gets wrong, written out token by token as it gave them for real
sentences, and the claims the splitter must still make of them.

The sentences are our own; each parse copies the shape of one the model produced.
"""

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc, Span

from app.nlp.attribution import find_frame, full_name, source_tokens
from app.nlp.drafts import Draft, _is_finite, reads_as_sentence, render, tidy
from app.nlp.splitting import split_sentence, whole_content

VOCAB = English().vocab  # word shapes and lower case, as the model's vocabulary gives them
POS = {"DT": "DET", "NNP": "PROPN", "NN": "NOUN", "NNS": "NOUN", "VBZ": "VERB", "VBD": "VERB",
       "VBN": "VERB", "IN": "ADP", "POS": "PART", "JJ": "ADJ", "RB": "ADV", "CD": "NUM",
       ".": "PUNCT", ",": "PUNCT", "CC": "CCONJ", "WDT": "PRON", "PRP": "PRON", "MD": "AUX",
       "VB": "VERB", "WRB": "ADV", "VBG": "VERB", "WP$": "PRON", "PRP$": "PRON", "VBP": "VERB",
       "JJS": "ADJ", "TO": "PART", "RP": "ADP"}
AUXILIARIES = ("was", "had", "is", "be", "has", "are")


def parsed(rows: str, joined: tuple[int, ...] = ()) -> Doc:
    """A parse from lines "word tag dep head" (head: the index of the head word); `joined`
    are the words written with no space after them ("co" and "-" of "co-leaders")."""
    table = [line.split() for line in rows.strip().splitlines()]
    words = [w for w, *_ in table]
    glued = (".", ",", "'s")
    spaces = [i + 1 < len(words) and words[i + 1] not in glued and i not in joined
              for i in range(len(words))]
    tags = [t for _, t, _, _ in table]
    pos = [("AUX" if w in AUXILIARIES else POS[t]) for w, t, _, _ in table]
    return Doc(VOCAB, words, spaces, tags=tags, pos=pos, deps=[d for *_, d, _ in table],
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


def test_a_participle_with_by_after_a_copula_keeps_the_copula():
    """ "Lumen is a broker, and backed by 9 mln dlrs": "Lumen is backed by …", not the
    fragment "Lumen backed by …"."""
    doc = parsed("""
        Lumen NNP nsubj 1
        is VBZ ROOT 1
        a DT det 3
        broker NN attr 1
        and CC cc 1
        backed VBD conj 1
        by IN prep 5
        9 CD nummod 9
        mln JJ amod 9
        dlrs NNS pobj 6
        . . punct 1
    """)
    assert "Lumen is backed by 9 mln dlrs" in claims(doc)


def test_an_amount_is_not_what_a_relative_clause_says_acts():
    """ "backed by 9 mln dlrs, which owns two banks": the firm owns them, not the money."""
    doc = parsed("""
        Lumen NNP nsubjpass 2
        is VBZ auxpass 2
        backed VBN ROOT 2
        by IN agent 2
        9 CD nummod 6
        mln JJ amod 6
        dlrs NNS pobj 3
        , , punct 6
        which WDT nsubj 9
        owns VBZ relcl 6
        two CD nummod 11
        banks NNS dobj 9
        . . punct 2
    """)
    assert not any(c.lower().startswith("9 mln dlrs owns") for c in claims(doc))


def test_a_ticker_opens_no_appositive():
    """ "buy five Birch Corp <BRC.N> B-7 jets": no claim "five Birch Corp [is] <BRC.N> …"."""
    doc = parsed("""
        Avia NNP nsubj 1
        bought VBD ROOT 1
        five CD nummod 4
        Birch NNP compound 4
        Corp NNP dobj 1
        <BRC.N> NNP compound 7
        B-7 NNP compound 7
        jets NNS appos 4
        . . punct 1
    """)
    assert claims(doc) == ["Avia bought five Birch Corp <BRC.N> B-7 jets."]


def test_a_participle_after_a_relative_clause_describes_no_noun_inside_it():
    """ "a debate on what must be told by issuers, heightened by losses": the debate was
    heightened, not the issuers; which noun is meant is not sure, so no claim of it."""
    doc = parsed("""
        It PRP nsubj 1
        follows VBZ ROOT 1
        a DT det 3
        debate NN dobj 1
        on IN prep 3
        rules NNS pobj 4
        that WDT nsubjpass 9
        must MD aux 9
        be VB auxpass 9
        set VBN relcl 5
        by IN agent 9
        issuers NNS pobj 10
        , , punct 11
        heightened VBN acl 11
        by IN agent 13
        losses NNS pobj 14
        . . punct 1
    """)
    assert not any("issuers [were] heightened" in c.lower() for c in claims(doc))


def test_a_verb_conjunct_with_nothing_joining_it_is_no_second_claim():
    """ "offering bonds of exchange rate linked securities": "linked" is no second verb."""
    doc = parsed("""
        It PRP nsubj 2
        is VBZ aux 2
        offering VBG ROOT 2
        bonds NNS dobj 2
        of IN prep 3
        exchange NN compound 6
        rate NN pobj 4
        linked VBD conj 2
        notes NNS dobj 7
        . . punct 2
    """)
    assert claims(doc) == ["It is offering bonds of exchange rate linked notes."]


def test_a_participle_far_from_its_subject_is_no_finite_verb():
    """The tagger's past participle counts as a verb only right after its subject."""
    near = parsed("""
        The DT det 1
        agency NN nsubj 2
        approved VBN ROOT 2
        it PRP dobj 2
        . . punct 2
    """)
    far = parsed("""
        The DT det 1
        agency NN nsubj 5
        said VBD parataxis 5
        rate NN compound 4
        cuts NNS dobj 2
        approved VBN ROOT 5
        it PRP dobj 5
        . . punct 5
    """)
    assert _is_finite(near[2])
    assert not _is_finite(far[5])


def test_a_whose_clause_read_as_an_appositive_gives_no_claim_of_its_verb():
    """ "Acme, whose chief, J. Doe, once ran a bank, said …": Doe ran it, not Acme."""
    doc = parsed("""
        Acme NNP nsubj 7
        , , punct 0
        whose WP$ poss 3
        chief NN appos 0
        , , punct 3
        Doe NNP appos 3
        once RB advmod 7
        ran VBD ccomp 8
        said VBD ROOT 8
        . . punct 8
    """)
    assert not any("Acme once ran" in c or "Acme, once ran" in c for c in claims(doc))
    assert claims(doc) == []


def test_a_source_the_parser_headed_with_its_ticker_keeps_its_name():
    doc = parsed("""
        Tesco NNP compound 1
        Plc NNP npadvmod 3
        <TSCO.L> NNP nsubj 3
        said VBD ROOT 3
        . . punct 3
    """)
    assert [t.text for t in source_tokens(doc[2])] == ["Tesco", "Plc", "<TSCO.L>"]


def test_a_past_tense_right_after_a_bare_noun_stays_with_the_modal_verb():
    """ "Maize planted area, at 9 mln acres, would be the smallest": not "Maize planted area"
    and "Maize would be the smallest" (the area would be)."""
    doc = parsed("""
        Maize NN nsubj 1
        planted VBD ROOT 1
        area NN dobj 1
        , , punct 1
        would MD aux 5
        be VB conj 1
        the DT det 7
        smallest JJS attr 5
        . . punct 1
    """)
    assert claims(doc) == ["Maize planted area, would be the smallest."]


def test_a_person_addressed_is_left_out_of_the_claim():
    """ "Kristen, New York has lost 40,000 people": two subjects, the first one addressed."""
    doc = parsed("""
        Dana NNP nsubj 5
        , , punct 5
        New NNP compound 3
        York NNP nsubj 5
        has VBZ aux 5
        lost VBN ROOT 5
        40,000 CD nummod 7
        people NNS dobj 5
        . . punct 5
    """)
    assert claims(doc) == ["New York has lost 40,000 people."]


def test_a_relative_pronoun_before_the_verb_makes_a_fragment():
    """ "…, of which 8 mln represented merger costs": no claim opens with "of which"."""
    doc = parsed("""
        of IN prep 3
        which WDT pobj 0
        8 CD nsubj 3
        represented VBD ROOT 3
        costs NNS dobj 3
    """)
    assert not reads_as_sentence(Draft(list(doc), doc[3]))
    assert reads_as_sentence(Draft(list(doc)[2:], doc[3]))


def test_a_relative_clause_on_the_subject_does_not_hide_the_main_verb():
    """ "Firms that are based here, they will go": the sentence reads by "go"; the relative
    clause's "that are" is no opening relative pronoun."""
    doc = parsed("""
        Firms NNS npadvmod 6
        that WDT nsubj 2
        are VBP relcl 0
        based VBN acomp 2
        here RB advmod 3
        they PRP nsubj 6
        will MD aux 6
        go VB ROOT 6
        . . punct 6
    """)
    assert reads_as_sentence(Draft(list(doc), doc[7]))
    assert reads_as_sentence(Draft([doc[0], doc[2], doc[3]], doc[2]))  # "[Firms] are based"
    assert not reads_as_sentence(Draft(list(doc)[1:5], doc[2]))  # "that are based here"


def test_what_was_told_to_an_audience_is_the_report_not_a_relative_clause():
    """ "He told a news conference the company expected …": the parser made the report a
    relative clause of "conference"; it is what was told."""
    doc = parsed("""
        He PRP nsubj 1
        told VBD ROOT 1
        a DT det 4
        news NN compound 4
        conference NN dobj 1
        the DT det 6
        company NN nsubj 7
        expected VBD relcl 4
        losses NNS dobj 7
        . . punct 1
    """)
    frame = find_frame(doc[:])
    assert frame is not None and [t.text for t in frame.source] == ["He"]
    assert [render(d.pieces) for d in split_sentence(doc[:], frame)] == [
        "The company expected losses"]


def test_a_verbless_when_clause_stays_with_the_words_the_parser_hung_on_it():
    """ "will buy them when appropriate from Korean makers": the condition and the makers stay."""
    doc = parsed("""
        Kestrel NNP nsubj 3
        will MD aux 3
        probably RB advmod 3
        buy VB ROOT 3
        them PRP dobj 3
        when WRB advmod 6
        appropriate JJ advcl 3
        from IN prep 6
        Korean JJ amod 9
        makers NNS pobj 7
        . . punct 3
    """)
    assert claims(doc) == ["Kestrel will probably buy them when appropriate from Korean makers."]


def test_based_on_coordinated_with_a_verb_frames_the_next_verb_and_is_no_claim():
    """ "will be continuing its talks and based on current prices expects …": not "Orion will be
    based on current prices"."""
    doc = parsed("""
        Orion NNP nsubj 3
        will MD aux 3
        be VB aux 3
        continuing VBG ROOT 3
        its PRP$ poss 5
        talks NNS dobj 3
        and CC cc 3
        based VBN conj 3
        on IN prep 7
        current JJ amod 10
        prices NNS pobj 8
        expects VBZ conj 3
        a DT det 13
        deal NN dobj 11
        . . punct 3
    """)
    found = claims(doc)
    assert found[0] == "Orion will be continuing its talks."
    assert not any("based" in claim for claim in found), found


def test_one_thing_and_another_stays_one_claim():
    """ "Assets are one thing, and companies are another": no claim "companies are another"."""
    doc = parsed("""
        Assets NNS nsubj 1
        are VBP ROOT 1
        one CD nummod 3
        thing NN attr 1
        , , punct 1
        and CC cc 1
        firms NNS nsubj 7
        are VBP conj 1
        another DT attr 7
        . . punct 1
    """)
    assert claims(doc) == ["Assets are one thing, and firms are another."]


def test_a_modal_verb_joined_to_a_past_tense_by_nothing_is_not_the_subjects():
    """ "Tanaka declined to specify how much capital Nomura, …, would invest": not "Tanaka
    would invest in Britain"."""
    doc = parsed("""
        Tanaka NNP nsubj 1
        declined VBD ROOT 1
        to TO aux 3
        specify VB xcomp 1
        how WRB advmod 5
        much JJ amod 7
        capital NN compound 7
        Nomura NNP dobj 3
        , , punct 1
        would MD aux 10
        invest VB conj 1
        in IN prep 10
        Britain NNP pobj 11
        . . punct 1
    """)
    found = claims(doc)
    assert not any(claim.startswith("Tanaka would") for claim in found), found


def test_a_which_clause_hung_past_a_nearer_noun_gives_no_claim_unless_number_decides():
    """ "the fall in base rates, which reached nine pct": the rates reached it, not the fall;
    with "which has" the clause is the singular noun's after all."""
    rows = """
        The DT det 1
        surge NN nsubjpass 3
        was VBD auxpass 3
        prompted VBN ROOT 3
        by IN agent 3
        the DT det 6
        fall NN pobj 4
        in IN prep 6
        base NN compound 9
        rates NNS pobj 7
        , , punct 6
        which WDT nsubj 12
        {verb} relcl 6
        nine CD nummod 14
        pct NN dobj 12
        . . punct 3
    """
    [only] = claims(parsed(rows.format(verb="reached VBD")))
    assert only.startswith("The surge was prompted by the fall in base rates")
    assert "the fall in base rates has nine pct" in [
        claim.lower() for claim in claims(parsed(rows.format(verb="has VBZ")))]


def test_according_to_closing_a_sentence_keeps_all_its_words_out_of_the_claim():
    """The parser broke the source at "Inc." and hung the rest on the verb; the words after
    ", according to" still name the source and are no part of what it says."""
    doc = parsed("""
        Sales NNS nsubj 1
        rose VBD ROOT 1
        5 CD nummod 3
        pct NN dobj 1
        , , punct 1
        according VBG prep 1
        to IN prep 5
        a DT det 8
        spokesman NN pobj 6
        for IN prep 8
        Acme NNP compound 11
        Inc. NNP punct 1
        , , punct 13
        maker NN dobj 1
        of IN prep 13
        tools NNS pobj 14
        . . punct 1
    """)
    frame = find_frame(doc[:])
    assert frame is not None
    assert [t.text for t in frame.source] == ["a", "spokesman", "for", "Acme", "Inc."]
    [claim] = [render(d.pieces) for d in split_sentence(doc[:], frame)]
    assert claim.startswith("Sales rose 5 pct") and "maker" not in claim


def test_a_noun_read_as_a_verb_before_a_figure_is_no_second_verb():
    """ "Lamb will rise by 9.5 pct and veal 12.1 pct": not "Lamb will veal 12.1 pct"."""
    doc = parsed("""
        Lamb NN nsubj 2
        will MD aux 2
        rise VB ROOT 2
        by IN prep 2
        9.5 CD nummod 5
        pct NN pobj 3
        and CC cc 2
        veal VB conj 2
        12.1 CD nummod 9
        pct NN dobj 7
        . . punct 2
    """)
    assert claims(doc) == ["Lamb will rise by 9.5 pct and veal 12.1 pct."]


def test_a_base_verb_joined_to_a_future_passive_takes_the_modal_only():
    """ "will be denominated in francs and carry a coupon": not "will be carry"."""
    doc = parsed("""
        Notes NNS nsubjpass 3
        will MD aux 3
        be VB auxpass 3
        denominated VBN ROOT 3
        in IN prep 3
        francs NNS pobj 4
        and CC cc 3
        carry VB conj 3
        a DT det 9
        coupon NN dobj 7
        . . punct 3
    """)
    assert claims(doc)[1] == "Notes will carry a coupon"


def test_a_noun_read_as_a_base_verb_after_has_been_is_no_second_verb():
    """ "has been declared free of anthrax and scrapie": not "Wales has scrapie"."""
    doc = parsed("""
        Wales NNP nsubjpass 3
        has VBZ aux 3
        been VBN auxpass 3
        declared VBN ROOT 3
        free JJ oprd 3
        of IN prep 4
        anthrax NN pobj 5
        and CC cc 3
        scrapie VB conj 3
        . . punct 3
    """)
    found = claims(doc)
    assert found == ["Wales has been declared free of anthrax and scrapie."], found


def test_the_speaker_after_but_in_a_subject_misread_as_two_is_the_one_after_but():
    """ "A single currency would foster trade, but Haddad said trade is weak", the first
    clause read as a subject coordinated with "Haddad": Haddad speaks, not "a plan"."""
    doc = parsed("""
        A DT det 1
        plan NN nsubj 5
        , , punct 1
        but CC cc 1
        Haddad NNP conj 1
        said VBD ROOT 5
        trade NN nsubj 7
        is VBZ ccomp 5
        weak JJ acomp 7
        . . punct 5
    """)
    frame = find_frame(doc[:])
    assert frame is not None and [t.text for t in frame.source] == ["Haddad"]


def test_a_reports_subject_read_as_what_was_said_is_the_reports_subject():
    """ "The ministry said the rise in fuel prices, …, was responsible": not "The ministry was
    responsible"."""
    doc = parsed("""
        The DT det 1
        ministry NN nsubj 2
        said VBD ROOT 2
        the DT det 4
        rise NN dobj 2
        in IN prep 4
        fuel NN compound 7
        prices NNS pobj 5
        , , punct 2
        was VBD conj 2
        responsible JJ acomp 9
        . . punct 2
    """)
    frame = find_frame(doc[:])
    assert frame is not None and [t.text for t in frame.source] == ["The", "ministry"]
    found = [render(d.pieces) for d in split_sentence(doc[:], frame)]
    assert not any("ministry was" in claim for claim in found), found
    whole = whole_content(doc[:], frame)  # what the extractor falls back to for a fragment
    assert whole is not None and render(whole.pieces).startswith("The rise in fuel prices")


def test_a_unit_read_as_a_verb_after_or_is_no_report():
    """ "reported a loss of 31.9 mln dlrs, or 76 cts a share": "cts" is no verb of a report."""
    doc = parsed("""
        The DT det 1
        company NN nsubj 2
        reported VBD ROOT 2
        a DT det 4
        loss NN dobj 2
        of IN prep 4
        31.9 CD nummod 8
        mln NN amod 8
        dlrs NN pobj 5
        , , punct 8
        or CC cc 8
        76 CD nummod 12
        cts VBZ conj 2
        a DT det 14
        share NN dobj 12
        . . punct 2
    """)
    frame = find_frame(doc[:])
    assert frame is None or not any(t.text == "cts" for t in frame.content), frame


def test_a_verb_joined_to_said_after_a_misread_report_is_not_the_speakers():
    """ "Acme said its policy simplifies transfers and includes rules": not "Acme includes"."""
    doc = parsed("""
        Acme NNP nsubj 1
        said VBD ROOT 1
        its PRP$ poss 4
        new JJ amod 4
        policy NN compound 5
        simplifies NNS dobj 1
        transfers NNS dobj 5
        and CC cc 1
        includes VBZ conj 1
        rules NNS dobj 8
        . . punct 1
    """)
    found = claims(doc)
    assert not any(claim.startswith("Acme includes") for claim in found), found


def test_a_speaker_read_as_an_appositive_of_the_reports_last_noun_still_speaks():
    """ "Acme has launched a bond in Europe, a banker said": the parser hung "a banker" on
    "Europe"; the claim ends at "Europe" and the banker says it."""
    doc = parsed("""
        Acme NNP nsubj 2
        has VBZ aux 2
        launched VBN ccomp 10
        a DT det 4
        bond NN dobj 2
        in IN prep 4
        Europe NNP pobj 5
        , , punct 6
        a DT det 9
        banker NN appos 6
        said VBD ROOT 10
        . . punct 10
    """)
    frame = find_frame(doc[:])
    assert frame is not None and [t.text for t in frame.source] == ["a", "banker"]
    [claim] = [render(d.pieces) for d in split_sentence(doc[:], frame)]
    assert claim.rstrip(",.") == "Acme has launched a bond in Europe"


def test_a_relative_clause_misread_as_a_second_verb_gives_no_claim():
    """ "… does not permit it to share data, that had been given to Beta": no "the pact had
    been given to Beta"."""
    doc = parsed("""
        The DT det 1
        pact NN nsubj 4
        does VBZ aux 4
        not RB neg 4
        permit VB ROOT 4
        it PRP dobj 4
        to TO aux 7
        share VB xcomp 4
        data NNS dobj 7
        , , punct 13
        that WDT nsubjpass 13
        had VBD aux 13
        been VBN auxpass 13
        given VBN conj 4
        to IN prep 13
        Beta NNP pobj 14
        . . punct 4
    """)
    found = claims(doc)
    assert not any("given to Beta" in claim and "pact" in claim for claim in found), found


def test_a_past_tense_joined_to_a_future_passive_stays_with_it():
    """ "will be built in Canada and installed in May": not "The unit installed in May"."""
    doc = parsed("""
        The DT det 1
        unit NN nsubjpass 4
        will MD aux 4
        be VB auxpass 4
        built VBN ROOT 4
        in IN prep 4
        Canada NNP pobj 5
        and CC cc 4
        installed VBD conj 4
        in IN prep 8
        May NNP pobj 9
        . . punct 4
    """)
    assert claims(doc) == ["The unit will be built in Canada and installed in May."]


def test_a_figure_read_into_the_next_subject_keeps_the_sentence_whole():
    """ "Coffee sales rose 17 pct and tea sales rose four pct", read with "17 pct and tea sales"
    as the second subject: not "17 pct and tea sales rose four pct"."""
    doc = parsed("""
        Coffee NN compound 1
        sales NNS nsubj 2
        rose VBD ROOT 2
        17 CD nummod 4
        pct NN nmod 7
        and CC cc 4
        tea NN compound 7
        sales NNS nsubj 8
        rose VBD conj 2
        four CD nummod 10
        pct NN npadvmod 8
        . . punct 2
    """)
    assert claims(doc) == ["Coffee sales rose 17 pct and tea sales rose four pct."]


def test_corporate_suffixes_alone_take_the_name_before_their_and():
    """ "Oscar Mayer and Co Inc": the recogniser found "Co Inc", which names no one; the name
    runs back over its "and"."""
    doc = parsed("""
        Hartley NNP compound 1
        Mayer NNP nsubj 6
        and CC cc 1
        Co NNP compound 4
        Inc NNP conj 1
        , , punct 6
        said VBD ROOT 6
    """)
    doc.ents = [Span(doc, 3, 5, label="ORG")]
    assert full_name(doc.ents[0]).text == "Hartley Mayer and Co Inc"


def test_a_figure_the_parser_took_from_its_preposition_joins_no_second_clause():
    """ "… declined to 216 from 257 and truck output totalled 39": "from" left without its
    object, "257 and truck output" read as the second clause's subject; one claim, unsplit."""
    doc = parsed("""
        Output NN nsubj 1
        declined VBD ROOT 1
        to IN prep 1
        216 CD pobj 2
        from IN prep 1
        257 CD nummod 8
        and CC cc 5
        truck NN conj 5
        output NN nsubj 9
        totalled VBD conj 1
        39 CD dobj 9
        . . punct 1
    """)
    assert claims(doc) == ["Output declined to 216 from 257 and truck output totalled 39."]


def test_a_relative_clause_after_a_name_tells_of_the_named_body_not_its_last_word():
    """ "a National Commission on Export Policy, which recommended a review": the commission
    recommended it, not "Export Policy"."""
    doc = parsed("""
        USDA NNP nsubj 1
        studied VBD ROOT 1
        a DT det 4
        National NNP compound 4
        Commission NNP dobj 1
        on IN prep 4
        Export NNP compound 7
        Policy NNP pobj 5
        , , punct 7
        which WDT nsubj 10
        recommended VBD relcl 7
        a DT det 12
        review NN dobj 10
        . . punct 1
    """)
    doc.ents = [Span(doc, 2, 8, label="ORG")]
    assert not any(c.startswith("Export Policy") for c in claims(doc)), claims(doc)


def test_a_second_clause_that_starts_inside_a_word_is_no_second_clause():
    """ "the co-leaders are …" parsed as "… and the co" + "leaders are …" (as the model does):
    neither half is what the sentence says."""
    doc = parsed("""
        The DT det 2
        lead NN compound 2
        manager NN nsubj 3
        is VBZ ROOT 3
        Acme NNP compound 5
        Corp NNP attr 3
        and CC cc 5
        the DT det 8
        co NNS conj 5
        - NNS appos 5
        leaders NNS nsubj 11
        are VBP conj 3
        Bolt NNP compound 13
        Bank NNP attr 11
        . . punct 3
    """, joined=(8, 9))
    assert claims(doc) == ["The lead manager is Acme Corp and the co-leaders are Bolt Bank."]


def test_a_speaker_read_as_the_last_item_of_a_list_is_the_speaker():
    """ "…, particularly oil and coal, chairman Klaus Giesel told a news conference", parsed
    with Giesel as one more item after coal and "told" as a second verb of the report."""
    doc = parsed("""
        Sales NNS nsubj 1
        fell VBD ROOT 1
        , , punct 1
        largely RB advmod 4
        due JJ advcl 1
        to IN prep 4
        prices NNS pobj 5
        for IN prep 6
        products NNS pobj 7
        , , punct 8
        particularly RB advmod 11
        oil NN appos 8
        and CC cc 11
        coal NN conj 11
        , , punct 11
        chairman NN compound 17
        Klaus NNP compound 17
        Giesel NNP conj 11
        told VBD conj 1
        a DT det 21
        news NN compound 21
        conference NN dobj 18
        . . punct 1
    """)
    frame = find_frame(doc[:])
    assert frame is not None and [t.text for t in frame.source] == ["chairman", "Klaus", "Giesel"]
    found = [render(d.pieces) for d in split_sentence(doc[:], frame)]
    assert not any("told" in claim or "Giesel" in claim for claim in found), found


def test_the_whole_sentence_as_a_claim_keeps_its_condition():
    """When no split reads as a sentence the claim is the whole sentence, without leading
    glue ("But", "that"), but never without its "Unless": that would assert the opposite."""
    doc = parsed("""
        Unless IN mark 3
        something NN nsubjpass 3
        is VBZ auxpass 3
        done VBN advcl 7
        , , punct 7
        China NNP nsubj 7
        will MD aux 7
        find VB ROOT 7
        curbs NNS dobj 7
        . . punct 7
    """)
    whole = whole_content(doc[:], None)
    assert whole is not None and render(whole.pieces).startswith("Unless something is done")


def test_a_present_tense_time_clause_under_a_past_verb_is_no_claim_of_its_own():
    """ "committed itself to prepare a program after the Riksdag completes action", the time
    clause hung on "committed": the Riksdag has not completed anything yet."""
    doc = parsed("""
        Sweden NNP nsubj 1
        committed VBD ROOT 1
        itself PRP dobj 1
        to TO aux 4
        prepare VB advcl 1
        a DT det 6
        program NN dobj 4
        after IN mark 10
        the DT det 9
        Riksdag NNP nsubj 10
        completes VBZ advcl 1
        action NN dobj 10
        . . punct 1
    """)
    found = claims(doc)
    assert not any(claim.startswith("the Riksdag") for claim in found), found
    assert any("after the Riksdag completes action" in claim for claim in found), found


def test_figures_are_never_given_to_the_subject_before_a_misread_one():
    """ "…, sheet shipments were 405 tons and casting shipments were 63", read with "casting"
    as a verb and "shipments" its object: "were 63" has no subject and must not take
    "sheet shipments"."""
    doc = parsed("""
        Sheet NN compound 1
        shipments NNS nsubj 2
        were VBD ROOT 2
        405 CD nummod 4
        tons NNS attr 2
        and CC cc 2
        casting VBG conj 2
        shipments NNS dobj 6
        were VBD conj 2
        63 CD attr 8
        . . punct 2
    """)
    found = claims(doc)
    assert not any(claim.startswith("Sheet shipments were 63") for claim in found), found
    assert found == ["Sheet shipments were 405 tons"], found


def test_the_subject_of_the_next_report_is_not_a_second_object():
    """ 'He said the agency is studying the matter and "no settlement" has been found', read
    with "settlement" joined to "matter" and "has been found" a second report of "said"."""
    doc = parsed("""
        He PRP nsubj 1
        said VBD ROOT 1
        the DT det 3
        agency NN nsubj 5
        is VBZ aux 5
        studying VBG ccomp 1
        the DT det 7
        matter NN dobj 5
        and CC cc 7
        no DT det 10
        settlement NN conj 7
        has VBZ aux 13
        been VBN auxpass 13
        found VBN ccomp 1
        . . punct 1
    """)
    frame = find_frame(doc[:])
    found = [render(d.pieces) for d in split_sentence(doc[:], frame)]
    assert any(claim.startswith("The agency is studying the matter") for claim in found), found
    assert not any("settlement" in claim and "studying" in claim for claim in found), found
    assert "No settlement has been found" in found, found  # the second report, its own claim


RECORDS_CLOSING = """
    Sales NNS nsubj 5
    on IN prep 0
    the DT det 4
    Oslo NNP compound 4
    Exchange NNP pobj 1
    rose VBD ROOT 5
    to IN prep 5
    2.4 CD nummod 9
    mln JJ amod 9
    lots NNS pobj 6
    in IN prep 5
    May NNP pobj 10
    , , punct 5
    {noun} NNS npadvmod 5
    issued VBN acl 13
    by IN agent 14
    the DT det 18
    Nordic NNP compound 18
    Centre NNP nmod 19
    {verb} NN pobj 15
    . . punct 5
"""


def test_records_closing_a_sentence_are_its_source_when_their_verb_was_read_as_a_noun():
    """ "…, figures issued by the ICCH show.", parsed with "show" a noun under "by": the
    figures report the sentence, and their words are no part of the claim."""
    doc = parsed(RECORDS_CLOSING.format(noun="figures", verb="show"))
    frame = find_frame(doc[:])
    assert frame is not None
    assert " ".join(t.text for t in frame.source) == "figures issued by the Nordic Centre"
    found = [render(d.pieces) for d in split_sentence(doc[:], frame)]
    assert found == ["Sales on the Oslo Exchange rose to 2.4 mln lots in May"], found


def test_a_closing_phrase_without_a_record_in_it_is_no_source():
    """ "…, results issued by the Centre show" reads the same, but results are what is
    reported, not records that report it: no frame is guessed from the shape alone."""
    doc = parsed(RECORDS_CLOSING.format(noun="results", verb="show"))
    assert find_frame(doc[:]) is None


def test_a_closing_frame_read_as_a_conjunct_of_its_quote_is_no_claim():
    """ '"I would expect firm prices by May," the chief trader of a Dutch bank told Reuters in
    an interview', parsed with "told" a second verb of "expect": the trader speaks; whom he
    told and where is his frame, not a claim of its own."""
    doc = parsed("""
        I PRP nsubj 2
        would MD aux 2
        expect VB ROOT 2
        firm JJ amod 4
        prices NNS dobj 2
        by IN prep 2
        May NNP pobj 5
        , , punct 2
        the DT det 10
        chief JJ amod 10
        trader NN nsubj 15
        of IN prep 10
        a DT det 14
        Dutch JJ amod 14
        bank NN pobj 11
        told VBD conj 2
        Reuters NNP dobj 15
        in IN prep 15
        an DT det 19
        interview NN pobj 17
        . . punct 15
    """)
    frame = find_frame(doc[:])
    assert frame is not None and frame.verb.text == "told"
    assert " ".join(t.text for t in frame.source) == "the chief trader of a Dutch bank"
    found = [render(tidy(d.pieces)) for d in split_sentence(doc[:], frame)]
    assert [claim for claim in found if claim] == ["I would expect firm prices by May"], found


def tidied(doc: Doc) -> list[str]:
    return [render(tidy(d.pieces)) for d in split_sentence(doc[:], find_frame(doc[:]))]


TARGETTED = parsed("""
    They PRP nsubj 1
    said VBD ROOT 1
    the DT det 3
    tax NN nsubj 5
    could MD aux 5
    raise VB ccomp 1
    5 CD compound 7
    billion CD nummod 8
    crowns NNS dobj 5
    , , punct 5
    helping VBG advcl 5
    the DT det 12
    state NN nsubj 14
    to TO aux 14
    reduce VB ccomp 10
    its PRP$ poss 17
    budget NN compound 17
    deficit NN dobj 14
    , , punct 5
    targetted VBD conj 5
    this DT det 21
    year NN npadvmod 19
    at IN prep 19
    90 CD compound 24
    billion CD nummod 25
    crowns NNS pobj 22
    . . punct 1
""")


def test_a_participle_after_a_noun_left_out_is_no_second_verb():
    """ "…, helping the state to reduce its budget deficit, targetted this year at …": the
    deficit is targetted, not the tax; parsed as a second verb of "raise", it had made
    "They targetted this year at 90 billion crowns"."""
    found = tidied(TARGETTED)
    assert not any("targetted" in claim for claim in found), found
    assert "The tax could raise 5 billion crowns" in found, found


def test_a_participle_after_a_noun_in_the_claim_stays_beside_it():
    doc = parsed("""
        Suspicion NN nsubjpass 2
        is VBZ auxpass 2
        focused VBN ROOT 2
        on IN prep 2
        the DT det 6
        loading NN compound 6
        doors NNS pobj 3
        , , punct 2
        set VBN conj 2
        close RB advmod 8
        to IN prep 9
        water NN compound 12
        level NN pobj 10
        . . punct 2
    """)
    assert tidied(doc) == ["Suspicion is focused on the loading doors, set close to water level"]


def test_an_appositive_after_the_last_of_two_names_describes_neither_both():
    """ "… with Palmer and Distrigo, a unit of Cabbot": the unit is Distrigo, but the parser hung
    it on Palmer, whose phrase holds both names: no "Palmer and Distrigo [is] a unit"."""
    doc = parsed("""
        Sonata NNP nsubj 1
        talks VBZ ROOT 1
        with IN prep 1
        Palmer NNP pobj 2
        and CC cc 3
        Distrigo NNP conj 3
        , , punct 3
        a DT det 8
        unit NN appos 3
        of IN prep 8
        Cabbot NNP pobj 9
        . . punct 1
    """)
    assert not any("[is]" in claim for claim in claims(doc)), claims(doc)


def test_a_list_of_names_read_as_one_appositive_gives_no_description():
    """ "Marsh, former chairman of Dorset, Anne Kell, chairman of Bexley and Ward": the parser
    made "Anne Kell" an appositive inside Marsh's; "Marsh [is] former chairman of Dorset Anne
    Kell" is no description of anyone."""
    doc = parsed("""
        Members NNS nsubj 1
        include VBP ROOT 1
        Marsh NNP dobj 1
        , , punct 2
        former JJ amod 5
        chairman NN appos 2
        of IN prep 5
        Dorset NNP pobj 6
        , , punct 7
        Anne NNP compound 10
        Kell NNP appos 7
        , , punct 10
        chairman NN appos 10
        of IN prep 12
        Bexley NNP pobj 13
        and CC cc 14
        Ward NNP conj 14
        . . punct 1
    """)
    assert not any("[is]" in claim or "[was]" in claim for claim in claims(doc)), claims(doc)


def test_a_name_the_recogniser_began_inside_its_brackets_gets_its_first_words():
    """ "Wing Lung (Holdings) Ltd": recognised as a person "Wing Lung" and a firm "Holdings)
    Ltd", which would be inserted as "[Holdings) Ltd]"."""
    doc = parsed("""
        Wing NNP compound 1
        Lung NNP compound 5
        ( , punct 3
        Holdings NNP nmod 5
        ) , punct 3
        Ltd NNP nsubj 6
        rose VBD ROOT 6
        . . punct 6
    """)
    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 3, 6, "ORG")]
    assert [t.text for t in full_name(doc.ents[1])] == ["Wing", "Lung", "(", "Holdings", ")", "Ltd"]
    assert full_name(doc.ents[0]).text == "Wing Lung"


def test_a_copula_left_without_any_predicate_is_a_cut_claim():
    """ "on whether forming a coalition is feasible or elections are inevitable", parsed with
    "feasible" on "elections": the split's "… whether forming a coalition is" lost its
    predicate, so the sentence is given whole (not "feasible or elections are inevitable")."""
    from app.nlp.engine import _cut_after_copula

    doc = parsed("""
        talks NNS ROOT 0
        on IN prep 0
        whether IN mark 4
        coalition NN nsubj 4
        is VBZ pcomp 1
        feasible JJ amod 8
        or CC cc 5
        early JJ conj 5
        elections NNS nsubj 9
        are VBP conj 0
        inevitable JJ acomp 9
        . . punct 0
    """)
    assert _cut_after_copula(Draft(list(doc[0:5]), doc[0]))
    assert not _cut_after_copula(Draft(list(doc[8:11]), doc[9]))


def test_a_speaker_read_into_the_phrase_before_the_verb_still_speaks():
    """ "In one of the sharpest criticisms, John Tower told reporters S": the parser joined
    "Tower" to "criticisms" and left "told" without a subject."""
    doc = parsed("""
        In IN prep 8
        one CD pobj 0
        of IN prep 1
        criticisms NNS pobj 2
        , , punct 3
        John NNP compound 6
        Tower NNP conj 3
        , , punct 6
        told VBD ROOT 8
        reporters NNS dobj 8
        , , punct 8
        exports NNS nsubj 12
        fell VBD ccomp 8
        sharply RB advmod 12
        . . punct 8
    """)
    frame = find_frame(doc[:])
    assert frame is not None and [t.text for t in frame.source] == ["John", "Tower"]
    assert [render(d.pieces) for d in split_sentence(doc[:], frame)] == ["Exports fell sharply"]


def test_a_report_read_as_the_verbs_clausal_subject_is_what_was_said():
    """ "Trading volume in bonds has been rising, the chief dealer of Nordbank said": parsed
    with "Trading" as the clausal subject of "said" and the speaker as an appositive of
    "bonds". Not "… has been rising said", nor "bonds [are] the chief dealer of Nordbank"."""
    doc = parsed("""
        Trading VBG csubj 13
        volume NN dobj 0
        in IN prep 0
        bonds NNS pobj 2
        has VBZ aux 6
        been VBN aux 6
        rising VBG relcl 3
        , , punct 6
        the DT det 10
        chief JJ amod 10
        dealer NN appos 3
        of IN prep 10
        Nordbank NNP pobj 11
        said VBD ROOT 13
        . . punct 13
    """)
    frame = find_frame(doc[:])
    assert frame is not None and [t.text for t in frame.source][-3:] == ["dealer", "of", "Nordbank"]
    assert [render(d.pieces) for d in split_sentence(doc[:], frame)] == [
        "Trading volume in bonds has been rising"]


@pytest.mark.parametrize(("rows", "name", "speaker"), [
    # "…, lead manager Nordbank said": the speaker read as one more item after "bonds"
    ("""
        Kroll NNP nsubj 1
        issued VBD ccomp 8
        two CD nummod 3
        bonds NNS dobj 1
        , , punct 3
        lead NN compound 6
        manager NN compound 7
        Nordbank NNP conj 3
        said VBD ROOT 8
        . . punct 8
    """, (7, 8, "ORG"), ["Nordbank"]),
    # "…, Anna Berg, chairman of Kroll, said": the name read as an adverbial of the report's
    # verb, its title as the name's appositive
    ("""
        Profits NNS nsubj 1
        rose VBD ccomp 11
        sharply RB advmod 1
        , , punct 1
        Anna NNP compound 5
        Berg NNP npadvmod 1
        , , punct 5
        chairman NN appos 5
        of IN prep 7
        Kroll NNP pobj 8
        , , punct 5
        said VBD ROOT 11
        . . punct 11
    """, (4, 6, "PERSON"), ["Anna", "Berg"]),
])
def test_a_speaker_the_parser_put_inside_the_report_still_speaks(rows, name, speaker):
    """A verb after its report with no subject: its speaker is the name set off by a comma at
    the report's end (with its title), and none of those words stay in the claim."""
    doc = parsed(rows)
    doc.ents = [Span(doc, *name)]
    frame = find_frame(doc[:])
    assert frame is not None and [t.text for t in frame.source] == speaker
    (draft,) = split_sentence(doc[:], frame)
    kept = render(draft.pieces)
    assert not any(word in kept for word in [*speaker, "chairman", "manager"]), kept


def test_words_hung_on_a_verb_past_its_split_conjunct_are_not_its_claim():
    """ "joining with A and is supported by B, (C)": the parser hung "C" on "joining"."""
    doc = parsed("""
        Orla NNP nsubj 2
        is VBZ aux 2
        working VBG ROOT 2
        with IN prep 2
        Dax NNP pobj 3
        and CC cc 2
        is VBZ auxpass 7
        backed VBN conj 2
        by IN agent 7
        Kem NNP pobj 8
        , , punct 2
        Lumo NNP npadvmod 2
        . . punct 2
    """)
    made = claims(doc)
    assert any(claim.startswith("Orla is working with Dax") for claim in made)
    assert not any("Dax" in claim and "Lumo" in claim for claim in made)


def test_a_closing_frame_the_parser_missed_is_cut_off_and_speaks():
    """ "Banco do Brasil" read as a verb left ", a spokesman for …, Cacex, said" in the claim."""
    from app.nlp.engine import _without_trailing_frame

    doc = parsed("""
        Cocoa NN compound 1
        prices NNS nsubj 2
        rose VBD ccomp 15
        sharply RB advmod 2
        , , punct 15
        a DT det 6
        spokesman NN nsubj 15
        for IN prep 6
        the DT det 9
        Banco NNP pobj 7
        do VBP dep 15
        Brasil NNP nsubj 10
        , , punct 11
        Cacex NNP appos 11
        , , punct 15
        said VBD ROOT 15
        . . punct 15
    """)
    draft = Draft(list(doc), doc[15], "main", [])
    kept = _without_trailing_frame(list(doc), draft)
    assert render(kept) == "Cocoa prices rose sharply"
    assert " ".join(t.text for t in draft.speaker) == "a spokesman for the Banco do Brasil , Cacex"


def test_a_closing_speaker_scattered_over_the_report_is_found_as_the_frame():
    """ "Banco do Brasil" read as a verb hung ", a spokesman for …, Cacex," on the report: the
    frame is found all the same, its words left out of the claim, and the spokesman is who
    spoke, for a "He" in the next sentence to stand for."""
    from app.nlp.mentions import sentence_mentions

    doc = parsed("""
        Cocoa NN compound 1
        prices NNS nsubj 2
        rose VBD ccomp 15
        sharply RB advmod 2
        , , punct 2
        a DT det 6
        spokesman NN appos 1
        for IN prep 6
        the DT det 9
        Banco NNP pobj 7
        do VBP dep 2
        Brasil NNP nsubj 10
        , , punct 11
        Cacex NNP appos 11
        , , punct 11
        said VBD ROOT 15
        . . punct 15
    """)
    frame = find_frame(doc[:])
    assert frame is not None
    assert " ".join(t.text for t in frame.source) == "a spokesman for the Banco do Brasil , Cacex"
    assert [render(d.pieces) for d in split_sentence(doc[:], frame)] == [
        "Cocoa prices rose sharply"]
    speakers = [m for m in sentence_mentions(doc[:], frame, 0) if m.spoke]
    assert [(m.text, m.kind, m.rank) for m in speakers] == [("the spokesman", "person", 0)]


def test_a_closing_speaker_that_governs_words_of_the_report_is_no_frame():
    """ "Acme issued bonds, lead manager Orda said", with "bonds" hung on the speaker:
    leaving the frame's words out would take the bonds with them."""
    doc = parsed("""
        Acme NNP nsubj 1
        issued VBD ccomp 7
        bonds NNS compound 5
        , , punct 5
        lead NN compound 5
        manager NN npadvmod 1
        Orda NNP appos 5
        said VBD ROOT 7
        . . punct 7
    """)
    assert find_frame(doc[:]) is None


def test_a_second_phrase_of_the_verb_read_as_an_adverb_stays_in_the_claim():
    """ "on, or before, May 4": "before" parsed as an adverb joined to the verb; cut, the
    claim would end "set on" and lose its date."""
    doc = parsed("""
        Terms NNS nsubjpass 3
        will MD aux 3
        be VB auxpass 3
        set VBN ROOT 3
        on RP prt 3
        , , punct 3
        or CC cc 3
        before RB conj 3
        , , punct 7
        May NNP npadvmod 7
        4 CD nummod 9
        . . punct 3
    """)
    assert claims(doc) == ["Terms will be set on, or before, May 4."]
