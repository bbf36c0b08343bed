#!/usr/bin/env python3
"""Deterministic generator of iNaturalist-open-data-shaped tables, as Parquet and TSV.

Why synthetic: the real dump is ~100 GB and can't be fetched here. What matters for
Tarn's benchmarks and interop tests is the *shape*: column types, null rates, value
skew, string lengths and cardinalities, and the taxon tree that makes
`ancestry LIKE '48460/1/%'` selective. Those follow the public dump; the values are
made up.

Same `--seed` and scale, same package versions => byte-identical files (every random
draw comes from one numpy Generator per table, keyed by the seed and table name, so
changing one table's code never shifts another table's values).

Schema (Parquet types; the `.csv.gz` files are tab-separated with a header line,
no quoting, nulls as empty fields, like the public dump):

  observations  observation_uuid string (UUID4), observer_id int64, latitude double,
                longitude double, positional_accuracy int32 (~30% null), taxon_id int64,
                quality_grade string, observed_on date32 (~2% null)
  photos        photo_uuid string, photo_id int64 (unique), observation_uuid string,
                observer_id int64, extension string, license string, width int32,
                height int32, position int32
  taxa          taxon_id int64, ancestry string (null for Life), rank_level double,
                rank string, name string, active bool
  observers     observer_id int64, login string (unique), name string (~40% null)

Usage:
  inat.py [--observations N | --small] [--seed S] [--out DIR] [--skip-existing]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

DEFAULT_OBSERVATIONS = 1_000_000
SMALL_OBSERVATIONS = 20_000
DEFAULT_SEED = 20_240_601
MANIFEST = "inat-manifest.json"
TABLES = ("observations", "photos", "taxa", "observers")
TSV_CHUNK_ROWS = 256 * 1024


def rng_for(seed: int, table: str) -> np.random.Generator:
    """One independent, reproducible stream per table (see module doc)."""
    key = int.from_bytes(hashlib.sha256(table.encode()).digest()[:8], "little")
    return np.random.default_rng([seed, key])


# ---------------------------------------------------------------------------
# Vectorized building blocks


def zipf_indices(rng: np.random.Generator, n_items: int, size: int, s: float, q: float = 0.0) -> np.ndarray:
    """Draws `size` indices in [0, n_items) with P(k) ∝ 1/(k+1+q)^s (inverse CDF).

    q > 0 (Zipf-Mandelbrot) flattens the head: with q=0 the top item of 70k takes
    ~10% of draws; real iNaturalist's most observed species has well under 1%.
    """
    cdf = np.cumsum(1.0 / (np.arange(1, n_items + 1, dtype=np.float64) + q) ** s)
    cdf /= cdf[-1]
    idx = np.searchsorted(cdf, rng.random(size), side="right")
    return np.minimum(idx, n_items - 1)


def pick(rng: np.random.Generator, values: list[str], probs: list[float], size: int) -> pa.Array:
    """A string column drawn from `values` with `probs`, built without per-row Python."""
    p = np.asarray(probs, dtype=np.float64)
    idx = rng.choice(len(values), size=size, p=p / p.sum()).astype(np.int32)
    return dict_decode(idx, values)


def dict_decode(idx: np.ndarray, values: list[str]) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(idx, pa.int32()), pa.array(values, pa.string())).dictionary_decode()


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
# Byte offsets of the 32 hex digits inside the 36-char canonical form.
_UUID_HEX_POS = np.array([i for i in range(36) if i not in (8, 13, 18, 23)])


def uuid4_strings(rng: np.random.Generator, n: int) -> pa.Array:
    """n random RFC 4122 version-4 UUIDs as lowercase canonical text.

    Built as one (n, 36) byte matrix that becomes the string array's data buffer
    directly: ~50x faster than `str(uuid.UUID(...))` per row.
    """
    raw = rng.integers(0, 256, size=(n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    hexd = np.empty((n, 32), dtype=np.uint8)
    hexd[:, 0::2] = _HEX[raw >> 4]
    hexd[:, 1::2] = _HEX[raw & 0x0F]
    text = np.full((n, 36), ord("-"), dtype=np.uint8)
    text[:, _UUID_HEX_POS] = hexd
    offsets = np.arange(0, 36 * (n + 1), 36, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(text.reshape(-1)))


# Pseudo-Latin syllables; names only need realistic lengths and cardinality.
_SYLLABLES = np.array(
    "ba ca da la ma na ra ta phy thr cor mel oph cep dro lyc the pter gon bra chi "
    "stom zo xan cyn ped lep tri hel spo myr car pol ant and ur ol ic ast ner "
    "pha sil vin cal rho dend ac at ist or mon sph eu ca pse".split(),
    dtype=object,
)


def latin_stems(rng: np.random.Generator, n: int, lo: int = 2, hi: int = 4) -> list[str]:
    """n random stems of lo..hi syllables."""
    k = rng.integers(lo, hi + 1, size=n)
    syl = rng.integers(0, len(_SYLLABLES), size=(n, hi))
    parts = _SYLLABLES[syl]
    return ["".join(row[:m]) for row, m in zip(parts.tolist(), k.tolist())]


def with_suffixes(rng: np.random.Generator, stems: list[str], suffixes: list[str], capitalize: bool) -> list[str]:
    suf = np.array(suffixes, dtype=object)[rng.integers(0, len(suffixes), size=len(stems))]
    if capitalize:
        return [s.capitalize() + x for s, x in zip(stems, suf.tolist())]
    return [s + x for s, x in zip(stems, suf.tolist())]


# ---------------------------------------------------------------------------
# taxa

# The top of the tree uses iNaturalist's ids where they matter to queries
# (48460 Life, 1 Animalia, 2 Chordata, 355675 Vertebrata, 3 Aves, 47126 Plantae, ...);
# a few lower ones are plausible but unchecked. (id, parent id, rank, rank_level, name).
_TOP = [
    (48460, None, "stateofmatter", 100, "Life"),
    (1, 48460, "kingdom", 70, "Animalia"),
    (47126, 48460, "kingdom", 70, "Plantae"),
    (47170, 48460, "kingdom", 70, "Fungi"),
    (48222, 48460, "kingdom", 70, "Chromista"),
    (47686, 48460, "kingdom", 70, "Protozoa"),
    (67333, 48460, "kingdom", 70, "Bacteria"),
    (2, 1, "phylum", 60, "Chordata"),
    (355675, 2, "subphylum", 57, "Vertebrata"),
    (3, 355675, "class", 50, "Aves"),
    (40151, 355675, "class", 50, "Mammalia"),
    (26036, 355675, "class", 50, "Reptilia"),
    (20978, 355675, "class", 50, "Amphibia"),
    (47178, 355675, "class", 50, "Actinopterygii"),
    (47120, 1, "phylum", 60, "Arthropoda"),
    (372739, 47120, "subphylum", 57, "Hexapoda"),
    (47158, 372739, "class", 50, "Insecta"),
    (245097, 47120, "subphylum", 57, "Chelicerata"),
    (47119, 245097, "class", 50, "Arachnida"),
    (47115, 1, "phylum", 60, "Mollusca"),
    (47114, 47115, "class", 50, "Gastropoda"),
    (211194, 47126, "phylum", 60, "Tracheophyta"),
    (47125, 211194, "subphylum", 57, "Angiospermae"),
    (47124, 47125, "class", 50, "Magnoliopsida"),
    (47163, 47125, "class", 50, "Liliopsida"),
    (121943, 211194, "class", 50, "Polypodiopsida"),
    (136329, 211194, "class", 50, "Pinopsida"),
    (311249, 47126, "phylum", 60, "Bryophyta"),
    (122798, 311249, "class", 50, "Bryopsida"),
    (47169, 47170, "phylum", 60, "Basidiomycota"),
    (50814, 47169, "class", 50, "Agaricomycetes"),
    (48250, 47170, "phylum", 60, "Ascomycota"),
    (54743, 48250, "class", 50, "Lecanoromycetes"),
    (48221, 48222, "phylum", 60, "Ochrophyta"),
    (48220, 48221, "class", 50, "Phaeophyceae"),
]

# Share of species under each class. Animalia ≈ 58%, so '48460/1/%' is selective but large.
_CLASS_SHARE = {
    47158: 0.30, 47124: 0.22, 47163: 0.06, 3: 0.06, 47119: 0.05, 47114: 0.04,
    50814: 0.05, 54743: 0.02, 47178: 0.05, 26036: 0.03, 20978: 0.02, 40151: 0.03,
    121943: 0.03, 136329: 0.01, 122798: 0.02, 48220: 0.01,
}
_PLANT_OR_FUNGUS = {47124, 47163, 121943, 136329, 122798, 50814, 54743, 48220}

# Below each class: (rank, rank_level, count relative to species, parent ranks).
# Optional ranks (superfamily, subfamily, tribe) hang under only some parents, which
# is what spreads ancestry depth over 5..12.
_LOWER = [
    ("order", 40, 1 / 105, ("class",)),
    ("superfamily", 33, 0.0014, ("order",)),
    ("family", 30, 1 / 21, ("order", "superfamily")),
    ("subfamily", 27, 0.023, ("family",)),
    ("tribe", 25, 0.017, ("subfamily",)),
    ("genus", 20, 1 / 3.5, ("family", "subfamily", "tribe")),
    ("species", 10, 1.0, ("genus",)),
    ("subspecies", 5, 0.06, ("species",)),
]
_TAXA_PER_SPECIES = 1 + sum(r[2] for r in _LOWER if r[0] != "species")


def make_taxa(seed: int, n_taxa: int) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """Returns the taxa table plus (leaf ids, inner ids) for drawing observations."""
    rng = rng_for(seed, "taxa")
    n_species_total = max(len(_CLASS_SHARE), round((n_taxa - len(_TOP)) / _TAXA_PER_SPECIES))

    parent: list[int] = []  # index into these lists; -1 for Life
    rank: list[str] = []
    level: list[float] = []
    name: list[str | None] = []
    pos_of_id = {}
    for tid, pid, r, lv, nm in _TOP:
        pos_of_id[tid] = len(parent)
        parent.append(-1 if pid is None else pos_of_id[pid])
        rank.append(r)
        level.append(float(lv))
        name.append(nm)

    species_counts = rng.multinomial(n_species_total, list(_CLASS_SHARE.values()))
    for (class_id, _), n_species in zip(_CLASS_SHARE.items(), species_counts):
        botanical = class_id in _PLANT_OR_FUNGUS
        nodes_by_rank: dict[str, np.ndarray] = {"class": np.array([pos_of_id[class_id]])}
        for r, lv, ratio, parent_ranks in _LOWER:
            count = int(round(n_species * ratio))
            if r in ("order", "family", "genus", "species"):
                count = max(1, count)
            pools = [nodes_by_rank[p] for p in parent_ranks if p in nodes_by_rank]
            if count == 0 or not pools:
                continue
            pool = np.concatenate(pools)
            # Lognormal weights: a few parents get many children, as real genera do.
            w = rng.lognormal(0.0, 1.0, size=len(pool))
            chosen = pool[rng.choice(len(pool), size=count, p=w / w.sum())]
            start = len(parent)
            parent.extend(chosen.tolist())
            rank.extend([r] * count)
            level.extend([float(lv)] * count)
            name.extend(_names_for(rng, r, count, chosen, name, botanical))
            nodes_by_rank[r] = np.arange(start, start + count)

    n = len(parent)
    ids = _taxon_ids(rng, n, [t[0] for t in _TOP])

    # Parents always precede children, so one forward pass builds every path.
    ancestry: list[str | None] = [None] * n
    for i in range(1, n):
        p = parent[i]
        pa_anc = ancestry[p]
        ancestry[i] = f"{pa_anc}/{ids[p]}" if pa_anc else str(ids[p])

    active = rng.random(n) >= 0.03
    order = np.argsort(ids, kind="stable")
    table = pa.table(
        {
            "taxon_id": pa.array(ids[order], pa.int64()),
            "ancestry": pa.array([ancestry[i] for i in order], pa.string()),
            "rank_level": pa.array(np.asarray(level)[order], pa.float64()),
            "rank": pa.array([rank[i] for i in order], pa.string()),
            "name": pa.array([name[i] for i in order], pa.string()),
            "active": pa.array(active[order], pa.bool_()),
        }
    )
    rank_arr = np.asarray(rank, dtype=object)
    is_leaf = (rank_arr == "species") | (rank_arr == "subspecies")
    return table, ids[is_leaf], ids[~is_leaf]


def _taxon_ids(rng: np.random.Generator, n: int, reserved: list[int]) -> np.ndarray:
    """Unique ids for n taxa: the reserved real ids first, then random ones below ~1.5n+2M."""
    high = max(2_000_000, 3 * n)
    extra = rng.choice(high, size=n + len(reserved) + 1, replace=False) + 1
    extra = extra[~np.isin(extra, reserved)][: n - len(reserved)]
    return np.concatenate([np.asarray(reserved, dtype=np.int64), extra.astype(np.int64)])


def _names_for(rng, r: str, count: int, parents: np.ndarray, names: list, botanical: bool) -> list[str]:
    if r in ("species", "subspecies"):
        epithets = with_suffixes(rng, latin_stems(rng, count, 2, 3), ["us", "a", "um", "is", "ensis", "ii", "ata", "oides"], False)
        return [f"{names[p]} {e}" for p, e in zip(parents.tolist(), epithets)]
    suffixes = {
        "order": ["ales"] if botanical else ["iformes", "ptera", "ida", "ata"],
        "superfamily": ["oidea"],
        "family": ["aceae"] if botanical else ["idae"],
        "subfamily": ["oideae"] if botanical else ["inae"],
        "tribe": ["eae"] if botanical else ["ini"],
        "genus": ["us", "a", "ia", "ella", "opsis", "ium", "is", "odon", "ites"],
    }[r]
    return with_suffixes(rng, latin_stems(rng, count), suffixes, True)


# ---------------------------------------------------------------------------
# observers

_FIRST = "Ana Ben Chen Dana Eli Fatima Gus Hana Ivan Jo Kai Lena Mateo Nia Omar Priya Quinn Rosa Sam Tara Uma Vic Wen Yusuf Zoe".split()
_LAST = "Smith Garcia Nguyen Müller Rossi Kim Silva Okafor Novak Tanaka Brown Dubois Singh Cohen Larsen Ivanova Lopez Wright Park Costa".split()


def make_observers(seed: int, n: int) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """Returns the observers table, their ids and per-observer activity weights."""
    rng = rng_for(seed, "observers")
    ids = np.sort(rng.choice(max(10_000_000, 4 * n), size=n, replace=False) + 1).astype(np.int64)
    stems = latin_stems(rng, n, 1, 3)
    digits = rng.integers(0, 10_000, size=n)
    has_digits = rng.random(n) < 0.4
    logins = [s + (str(d) if h else "") for s, d, h in zip(stems, digits.tolist(), has_digits.tolist())]
    # Real logins are unique; where two stems collide, the later one gets its id appended.
    seen: set[str] = set()
    for i, lg in enumerate(logins):
        if lg in seen:
            lg = f"{lg}_{ids[i]}"
            logins[i] = lg
        seen.add(lg)
    first = np.array(_FIRST, dtype=object)[rng.integers(0, len(_FIRST), size=n)]
    last = np.array(_LAST, dtype=object)[rng.integers(0, len(_LAST), size=n)]
    has_name = rng.random(n) >= 0.4
    names = [f"{f} {l}" if h else None for f, l, h in zip(first.tolist(), last.tolist(), has_name.tolist())]
    # Heavy tail: the most active observers contribute percents, most contribute a few.
    activity = rng.lognormal(0.0, 2.0, size=n)
    table = pa.table({"observer_id": pa.array(ids), "login": pa.array(logins, pa.string()), "name": pa.array(names, pa.string())})
    return table, ids, activity


# ---------------------------------------------------------------------------
# observations

# Where observations cluster: (lat min, lat max, lon min, lon max, share of hotspots).
_REGIONS = [
    (25, 50, -125, -70, 0.40),   # USA / southern Canada
    (10, 25, -110, -85, 0.05),   # Mexico, Central America
    (36, 60, -10, 30, 0.20),     # Europe
    (-35, 5, -75, -40, 0.07),    # South America
    (-35, -20, 15, 32, 0.04),    # southern Africa
    (-10, 15, 10, 40, 0.02),     # central Africa
    (20, 45, 100, 140, 0.07),    # East Asia
    (8, 30, 70, 90, 0.04),       # India
    (-38, -12, 115, 153, 0.06),  # Australia
    (-46, -35, 167, 178, 0.03),  # New Zealand
    (50, 65, 30, 140, 0.02),     # Russia
]


def make_observations(seed: int, n: int, observer_ids: np.ndarray, activity: np.ndarray,
                      leaf_taxa: np.ndarray, inner_taxa: np.ndarray) -> tuple[pa.Table, pa.Array, np.ndarray]:
    """Returns the table plus (uuids, observer ids) for the photos."""
    rng = rng_for(seed, "observations")
    uuids = uuid4_strings(rng, n)

    obs_idx = rng.choice(len(observer_ids), size=n, p=activity / activity.sum())
    observer = observer_ids[obs_idx]

    # Hotspots; each observer has a home hotspot and mostly observes near it.
    k = int(np.clip(n // 200, 50, 5_000))
    reg = np.asarray(_REGIONS)
    r = rng.choice(len(reg), size=k, p=reg[:, 4] / reg[:, 4].sum())
    c_lat = rng.uniform(reg[r, 0], reg[r, 1])
    c_lon = rng.uniform(reg[r, 2], reg[r, 3])
    c_sigma = rng.lognormal(np.log(0.3), 0.8, size=k)
    c_weight = rng.lognormal(0.0, 1.5, size=k)
    home = rng.choice(k, size=len(observer_ids), p=c_weight / c_weight.sum())
    travel = rng.choice(k, size=n, p=c_weight / c_weight.sum())
    center = np.where(rng.random(n) < 0.85, home[obs_idx], travel)
    lat = np.clip(c_lat[center] + rng.standard_normal(n) * c_sigma[center], -89.99, 89.99)
    lon = (c_lon[center] + rng.standard_normal(n) * c_sigma[center] * 1.3 + 180.0) % 360.0 - 180.0
    lat, lon = np.round(lat, 7), np.round(lon, 7)  # GPS-like precision, as the dump prints

    acc = np.clip(rng.lognormal(np.log(15.0), 1.5, size=n), 1, 50_000).astype(np.int32)
    acc_null = rng.random(n) < 0.30

    # 92% of observations are identified to species or below; Zipf over a random
    # popularity order, so a few thousand taxa carry most of the rows.
    at_leaf = rng.random(n) < 0.92
    leaf_pop = rng.permutation(leaf_taxa)
    inner_pop = rng.permutation(inner_taxa)
    taxon = np.where(at_leaf, leaf_pop[zipf_indices(rng, len(leaf_pop), n, 1.1, 20.0)],
                     inner_pop[zipf_indices(rng, len(inner_pop), n, 1.1, 20.0)])

    # Research grade needs a species-level ID; the per-group mix keeps the overall
    # split at ~60% research, ~35% needs_id, ~5% casual.
    u = rng.random(n)
    grade = np.where(at_leaf, np.where(u < 0.652, 0, np.where(u < 0.95, 1, 2)), np.where(u < 0.9, 1, 2)).astype(np.int32)

    # Observations grow ~22%/year, like the platform did.
    years = np.arange(2000, 2026)
    yw = 1.22 ** (years - 2000)
    y = rng.choice(years, size=n, p=yw / yw.sum())
    year_start = (y - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    year_len = ((y + 1 - 1970).astype("datetime64[Y]").astype("datetime64[D]") - year_start).astype(np.int64)
    day = (year_start + (rng.random(n) * year_len).astype(np.int64)).astype(np.int32)
    date_null = rng.random(n) < 0.02

    table = pa.table(
        {
            "observation_uuid": uuids,
            "observer_id": pa.array(observer, pa.int64()),
            "latitude": pa.array(lat, pa.float64()),
            "longitude": pa.array(lon, pa.float64()),
            "positional_accuracy": pa.array(acc, pa.int32(), mask=acc_null),
            "taxon_id": pa.array(taxon, pa.int64()),
            "quality_grade": dict_decode(grade, ["research", "needs_id", "casual"]),
            "observed_on": pa.array(day, pa.int32(), mask=date_null).cast(pa.date32()),
        }
    )
    return table, uuids, obs_idx


# ---------------------------------------------------------------------------
# photos

_EXTENSIONS = (["jpeg", "jpg", "png", "JPG", "gif", "webp", "tif"], [0.62, 0.31, 0.05, 0.01, 0.005, 0.003, 0.002])
_LICENSES = (["CC-BY-NC", "CC-BY", "CC0", "CC-BY-NC-SA", "CC-BY-SA", "CC-BY-NC-ND", "CC-BY-ND"],
             [0.68, 0.11, 0.08, 0.05, 0.04, 0.03, 0.01])


def make_photos(seed: int, obs_uuids: pa.Array, obs_observer_idx: np.ndarray, observer_ids: np.ndarray) -> pa.Table:
    rng = rng_for(seed, "photos")
    n_obs = len(obs_uuids)
    per_obs = rng.choice(np.arange(1, 5), size=n_obs, p=[0.2, 0.3, 0.3, 0.2])  # mean 2.5
    n = int(per_obs.sum())
    owner = np.repeat(np.arange(n_obs), per_obs)
    first_row = np.cumsum(per_obs) - per_obs
    position = (np.arange(n) - np.repeat(first_row, per_obs)).astype(np.int32)

    # photo_id: unique and increasing within an observation's photos, with gaps
    # (deleted photos), but observations' blocks in random order, so the column
    # is not globally sorted.
    block_order = rng.permutation(n_obs)
    sizes_in_order = per_obs[block_order]
    ids_in_order = np.cumsum(rng.geometric(0.6, size=n)).astype(np.int64) + 10_000_000  # gaps >= 1
    block_start_in_order = np.cumsum(sizes_in_order) - sizes_in_order
    block_start = np.empty(n_obs, dtype=np.int64)
    block_start[block_order] = block_start_in_order
    photo_id = ids_in_order[np.repeat(block_start, per_obs) + position]

    # Most observers keep one default license; 10% of photos differ.
    observer_idx = obs_observer_idx[owner]
    lic_values, lic_p = _LICENSES
    lic_p = np.asarray(lic_p) / np.sum(lic_p)
    default_lic = rng.choice(len(lic_values), size=len(observer_ids), p=lic_p)
    lic = np.where(rng.random(n) < 0.9, default_lic[observer_idx], rng.choice(len(lic_values), size=n, p=lic_p)).astype(np.int32)

    long_side = np.where(rng.random(n) < 0.6, 2048, rng.integers(320, 2048, size=n))
    ratio = rng.choice(np.array([4 / 3, 3 / 2, 16 / 9, 1.0]), size=n, p=[0.5, 0.25, 0.15, 0.1])
    short_side = np.round(long_side / ratio)
    portrait = rng.random(n) < 0.3
    width = np.where(portrait, short_side, long_side).astype(np.int32)
    height = np.where(portrait, long_side, short_side).astype(np.int32)

    return pa.table(
        {
            "photo_uuid": uuid4_strings(rng, n),
            "photo_id": pa.array(photo_id, pa.int64()),
            "observation_uuid": obs_uuids.take(pa.array(owner)),
            "observer_id": pa.array(observer_ids[observer_idx], pa.int64()),
            "extension": pick(rng, *_EXTENSIONS, n),
            "license": dict_decode(lic, lic_values),
            "width": pa.array(width, pa.int32()),
            "height": pa.array(height, pa.int32()),
            "position": pa.array(position, pa.int32()),
        }
    )


# ---------------------------------------------------------------------------
# output


def write_table(table: pa.Table, out: Path, stem: str) -> None:
    """Writes STEM.parquet (zstd, pyarrow's default row groups, dictionary on) and STEM.csv.gz.

    Each file is written under a temporary name and renamed, so an interrupted run
    never leaves a truncated file that looks complete.
    """
    parquet_tmp = out / f"{stem}.parquet.tmp"
    pq.write_table(table, parquet_tmp, compression="zstd", use_dictionary=True)
    os.replace(parquet_tmp, out / f"{stem}.parquet")

    tsv_tmp = out / f"{stem}.csv.gz.tmp"
    # The dump has no quoting: quoting_style="none" makes pyarrow raise instead of
    # quoting if a value ever contains a tab, quote or newline. pyarrow quotes header
    # names regardless, so the header line is written by hand.
    options = pacsv.WriteOptions(include_header=False, delimiter="\t", quoting_style="none")
    # Python's gzip rather than pyarrow's: pyarrow fixes level 9 (3x slower than 6 for
    # 1% smaller files) and this way mtime=0 and no file name keep the bytes reproducible.
    # Level 6 is gzip(1)'s default, as a dump made with `gzip` would have.
    with open(tsv_tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0) as sink:
        sink.write(("\t".join(table.column_names) + "\n").encode())
        for start in range(0, table.num_rows, TSV_CHUNK_ROWS):
            text = pa.BufferOutputStream()
            pacsv.write_csv(table.slice(start, TSV_CHUNK_ROWS), text, write_options=options)
            sink.write(text.getvalue())  # zlib drops the GIL here, so tables overlap
    os.replace(tsv_tmp, out / f"{stem}.csv.gz")


def generator_fingerprint() -> str:
    """Changes whenever this file or the libraries that shape its bytes change."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(f"numpy {np.__version__} pyarrow {pa.__version__}".encode())
    return h.hexdigest()


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    scale = p.add_mutually_exclusive_group()
    scale.add_argument("--observations", type=int, default=DEFAULT_OBSERVATIONS, help="observation rows (default 1,000,000)")
    scale.add_argument("--small", action="store_true", help=f"smoke-test preset: {SMALL_OBSERVATIONS:,} observations")
    p.add_argument("--taxa", type=int, help="taxa rows, approximately (default observations/10, at least 2,000)")
    p.add_argument("--observers", type=int, help="observer rows (default observations/20)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--out", type=Path, help="output folder (default bench-data/inat-<observations>)")
    p.add_argument("--skip-existing", action="store_true", help="do nothing if --out already holds this exact data set")
    args = p.parse_args(argv)
    if args.small:
        args.observations = SMALL_OBSERVATIONS
    if args.observations < 1:
        p.error("--observations must be positive")
    args.taxa = args.taxa or max(2_000, args.observations // 10)
    args.observers = args.observers or max(10, args.observations // 20)
    if args.out is None:
        args.out = Path(__file__).resolve().parents[2] / "bench-data" / f"inat-{args.observations}"
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    params = {"observations": args.observations, "taxa": args.taxa, "observers": args.observers,
              "seed": args.seed, "generator": generator_fingerprint()}
    manifest_path = args.out / MANIFEST
    if args.skip_existing and manifest_path.exists():
        try:
            if json.loads(manifest_path.read_text())["params"] == params:
                print(f"inat: {args.out} is up to date")
                return 0
        except (ValueError, KeyError):
            pass  # unreadable manifest: regenerate
    args.out.mkdir(parents=True, exist_ok=True)
    manifest_path.unlink(missing_ok=True)  # written last; its presence means "complete"

    t0 = time.perf_counter()
    taxa, leaf, inner = make_taxa(args.seed, args.taxa)
    observers, observer_ids, activity = make_observers(args.seed, args.observers)
    observations, uuids, obs_observer = make_observations(args.seed, args.observations, observer_ids, activity, leaf, inner)
    photos = make_photos(args.seed, uuids, obs_observer, observer_ids)
    t_gen = time.perf_counter() - t0

    tables = dict(zip(TABLES, (observations, photos, taxa, observers)))
    # Two writers: compression (zstd, zlib) runs outside the GIL, so two tables
    # encode at once. Largest first, so the small ones fill in behind it.
    with ThreadPoolExecutor(max_workers=2) as pool:
        for done in [pool.submit(write_table, tables[s], args.out, s) for s in ("photos", "observations", "taxa", "observers")]:
            done.result()
    rows = {stem: t.num_rows for stem, t in tables.items()}
    t_total = time.perf_counter() - t0

    manifest = {"params": params, "rows": rows, "seconds": {"generate": round(t_gen, 3), "total": round(t_total, 3)}}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"inat: {args.out}: " + ", ".join(f"{k} {v:,}" for k, v in rows.items())
          + f" in {t_total:.1f}s (generate {t_gen:.1f}s, write {t_total - t_gen:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
