"""/match, /search, /entities, /catalog: yente's shapes, and bad requests refused clearly."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import auth

RESULT_FIELDS = {"id", "caption", "schema", "properties", "datasets", "score", "match",
                 "features", "explanations", "explanation", "sources"}


def example(name: str | list[str], schema: str = "Company", **props: list[str]) -> dict[str, Any]:
    names = [name] if isinstance(name, str) else name
    return {"schema": schema, "properties": {"name": names, **props}}


def match(client: TestClient, key: str, queries: dict[str, Any], dataset: str = "default",
          **params: Any) -> Any:
    return client.post(f"/match/{dataset}", headers=auth(key), params=params,
                       json={"queries": queries})


def test_match_answers_in_yentes_shape(client: TestClient, keys: dict[str, str]) -> None:
    response = match(client, keys["analyst"], {
        "q1": example("Hangzhou Hikvision Digital Technology", country=["cn"]),
        "q2": example("Acme Office Supplies Ltd")})
    assert response.status_code == 200
    body = response.json()
    assert body["limit"] == 5
    assert response.headers["x-batch-size"] == "2"
    first = body["responses"]["q1"]
    assert first["status"] == 200
    assert first["query"]["properties"]["country"] == ["cn"]
    assert first["total"] == {"value": len(first["results"]), "relation": "eq"}
    top = first["results"][0]
    assert set(top) >= RESULT_FIELDS
    assert "Hikvision" in top["caption"]
    assert top["match"] is True and 0.7 <= top["score"] <= 1.0
    assert "bis-entity-list" in top["datasets"]
    assert top["explanation"] and all(isinstance(line, str) for line in top["explanation"])
    assert top["features"] and all(0 <= v <= 1 for v in top["features"].values())
    assert set(top["explanations"]) == set(top["features"])
    assert body["responses"]["q2"]["results"] == []


def test_chinese_and_several_names_find_the_same_firm(client: TestClient,
                                                      keys: dict[str, str]) -> None:
    body = match(client, keys["analyst"], {
        "zh": example("海康威视"), "both": example(["Nonexistent Widgets", "海康威视"])}).json()
    ids = {name: [r["id"] for r in body["responses"][name]["results"]] for name in ("zh", "both")}
    assert ids["zh"] and ids["zh"][0] == ids["both"][0]


def test_threshold_decides_match_and_cutoff_what_is_returned(client: TestClient,
                                                            keys: dict[str, str]) -> None:
    queries = {"q": example("Hikvision Digital")}
    strict = match(client, keys["analyst"], queries, threshold=0.999, cutoff=0.5).json()
    results = strict["responses"]["q"]["results"]
    assert results, "the cutoff still returns near hits"
    assert all(r["match"] is (r["score"] >= 0.999) for r in results)
    assert all(r["score"] >= 0.5 for r in results)


def test_a_list_id_restricts_the_results(client: TestClient, keys: dict[str, str]) -> None:
    body = match(client, keys["analyst"], {"q": example("Hikvision")},
                 dataset="bis-entity-list").json()
    results = body["responses"]["q"]["results"]
    assert results and all("bis-entity-list" in r["datasets"] for r in results)
    other = match(client, keys["analyst"], {"q": example("Hikvision")}, dataset="un-sc").json()
    assert other["responses"]["q"]["results"] == []


def test_schema_keeps_vessels_and_firms_apart(client: TestClient, keys: dict[str, str]) -> None:
    body = match(client, keys["analyst"], {"q": example("Hikvision", schema="Vessel")}).json()
    assert body["responses"]["q"]["results"] == []


def test_limit_is_honoured(client: TestClient, keys: dict[str, str]) -> None:
    body = match(client, keys["analyst"], {"q": example("Hikvision")}, limit=1,
                 cutoff=0.3).json()
    assert body["limit"] == 1 and len(body["responses"]["q"]["results"]) == 1


@pytest.mark.parametrize(("body", "status", "says"), [
    ({"queries": {}}, 400, "no queries"),
    ({"queries": {"q": {"schema": "Spaceship", "properties": {"name": ["x"]}}}}, 400, "schema"),
    ({"queries": {"q": {"schema": "Company", "properties": {"country": ["cn"]}}}}, 400,
     "no name"),
    ({"queries": {"q": {"schema": "Company", "properties": {"name": ["x" * 1001]}}}}, 400,
     "1000 characters"),
    ({"queries": {"q": {"properties": {"name": ["x"]}}}}, 422, "schema"),
    ({"queries": ["not", "a", "map"]}, 422, "queries"),
    ({"nothing": 1}, 422, "queries"),
])
def test_bad_bodies_are_refused(client: TestClient, keys: dict[str, str], body: Any,
                                status: int, says: str) -> None:
    response = client.post("/match/default", headers=auth(keys["analyst"]), json=body)
    assert response.status_code == status
    assert says in str(response.json()["detail"])


def test_malformed_json_is_a_400(client: TestClient, keys: dict[str, str]) -> None:
    response = client.post("/match/default", content=b'{"queries": {"q1": ',
                           headers=auth(keys["analyst"]) | {"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["detail"] == "malformed JSON body"


def test_batches_are_capped_at_100(client: TestClient, keys: dict[str, str]) -> None:
    queries = {f"q{i}": example(f"Firm {i}") for i in range(101)}
    response = match(client, keys["analyst"], queries)
    assert response.status_code == 400
    assert "limit: 100" in response.json()["detail"]
    assert match(client, keys["analyst"], dict(list(queries.items())[:100])).status_code == 200


def test_limit_over_the_ceiling_is_refused(client: TestClient, keys: dict[str, str]) -> None:
    response = match(client, keys["analyst"], {"q": example("x")}, limit=51)
    assert response.status_code == 400


def test_unknown_dataset_is_a_404(client: TestClient, keys: dict[str, str]) -> None:
    response = match(client, keys["analyst"], {"q": example("Hikvision")}, dataset="nope")
    assert response.status_code == 404
    assert "/catalog" in response.json()["detail"]
    assert client.get("/search/nope?q=x", headers=auth(keys["analyst"])).status_code == 404


def test_search_in_chinese_explains_and_cites(client: TestClient, keys: dict[str, str]) -> None:
    response = client.get("/search/default", params={"q": "海康威视"},
                          headers=auth(keys["analyst"]))
    assert response.status_code == 200
    top = response.json()["results"][0]
    assert "Hikvision" in top["caption"]
    assert any("海康威视" in line for line in top["explanation"])
    assert top["sources"][0]["list_id"] and top["sources"][0]["entry_id"]


def test_entities_by_id(client: TestClient, keys: dict[str, str]) -> None:
    hit = client.get("/search/default", params={"q": "Hikvision"},
                     headers=auth(keys["analyst"])).json()["results"][0]
    entity = client.get(f"/entities/{hit['id']}", headers=auth(keys["analyst"]))
    assert entity.status_code == 200
    assert entity.json()["caption"] == hit["caption"]
    assert "海康威视" in entity.json()["properties"]["alias"]
    missing = client.get("/entities/no-such-entity:1", headers=auth(keys["analyst"]))
    assert missing.status_code == 404


def test_catalog_names_every_list_with_its_version(client: TestClient, keys: dict[str, str],
                                                   fixture_snapshot: Any) -> None:
    body = client.get("/catalog", headers=auth(keys["analyst"])).json()
    by_name = {d["name"]: d for d in body["datasets"]}
    assert by_name["default"]["type"] == "collection"
    for info in fixture_snapshot.infos:
        assert by_name[info.id]["version"] == info.date
        assert by_name[info.id]["sha256"] == info.sha256
        assert by_name[info.id]["entity_count"] == info.entities
    assert body["current"][0] == "default"
