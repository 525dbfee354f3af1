"""Build countries.tsv: one row per state or CAMEO country code, joining CAMEO.country.txt
(CAMEO code, name), COW cow_states.csv (abbreviation, ccode) and the UN votes (ISO2, name) by
name with the manual aliases below. Run from this folder with ../../../../shared as SHARED."""
import csv, os, sys
S = os.environ.get("SHARED", "../../../../shared") + "/data"
cam = [l.rstrip("\n").split("\t") for l in open(S + "/events/cameo/CAMEO.country.txt")][1:]
cow = {}
for r in csv.DictReader(open(S + "/states/cow_states.csv")):
    cow[int(float(r["ccode"]))] = (r["stateabb"], r["statenme"])
un = {}
for r in csv.DictReader(open(S + "/states/un_votes.csv")):
    if r["country_code"]:
        un[r["country_code"]] = r["country"]
# CAMEO code -> ISO 3166-1 alpha-3 where they differ (CAMEO keeps old UN codes).
ISO3 = {"ROM": "ROU", "TMP": "TLS", "MTN": "MNE"}
# CAMEO code -> COW ccode, for names that do not match.
COW = {"USA": 2, "COL": 100, "KOR": 732, "PRK": 731, "COD": 490, "COG": 484, "CIV": 437,
       "CZE": 316, "BRN": 835, "MKD": 343, "MTN": 341, "FSM": 987, "TMP": 860, "KNA": 60,
       "LCA": 56, "VCT": 57, "ATG": 58, "DEU": 255, "VNM": 816, "SRB": 345, "MDA": 359}
UN = {"COL": "CO", "COD": "CD", "COG": "CG", "CIV": "CI", "CZE": "CZ", "MKD": "MK", "MMR": "MM",
      "FSM": "FM", "TMP": "TL", "KNA": "KN", "LCA": "LC", "VCT": "VC", "ATG": "AG", "BIH": "BA",
      "STP": "ST", "SWZ": "SZ", "TTO": "TT", "MTN": "ME", "SRB": "YU", "BRN": "BN"}
# Extra names used by ICEWS for a CAMEO code.
ICEWS = {"RUS": "Russian Federation", "MDA": "Moldova, Republic of", "COD": "Democratic Republic of Congo",
         "COG": "Congo", "CIV": "Cote d'Ivoire", "MKD": "the former Yugoslav Republic of Macedonia",
         "TMP": "Timor-Leste", "COL": "Colombia", "PSE": "Occupied Palestinian Territory"}
cow_by_name = {n: c for c, (a, n) in cow.items()}
un_by_name = {n: c for c, n in un.items()}
rows, used_cow = [], set()
for code, name in cam:
    if code == "0":
        continue
    state = len(code) == 3 and code not in ("WSB", "BAG", "GZS") and name not in (
        "Africa", "Asia", "Balkans", "Caribbean", "Caucasus", "Central Africa", "Central Asia",
        "Central Europe", "East Indies", "Eastern Africa", "Eastern Europe", "Europe", "Latin America",
        "Middle East", "Mediterranean", "North Africa", "North America", "Persian Gulf", "Scandinavia",
        "South America", "South Asia", "Southeast Asia", "Southern Africa", "West Africa", "The West")
    c = COW.get(code, cow_by_name.get(name))
    if c is not None:
        used_cow.add(c)
    u = UN.get(code, un_by_name.get(name, ""))
    iso3 = ISO3.get(code, code) if state else ""
    rows.append([code, iso3, u, "" if c is None else str(c), cow[c][0] if c is not None else "",
                 name, ICEWS.get(code, "")])
for c, (a, n) in sorted(cow.items()):
    if c not in used_cow:
        u = un_by_name.get(n, "")
        rows.append(["", "", u, str(c), a, n, ""])
w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
w.writerow(["cameo", "iso3", "un_iso2", "cow_ccode", "cow_abb", "name", "icews_name"])
w.writerows(rows)
