"""The number of SQL statements a page runs does not grow with the rows it shows (goal 2 of
the performance issue: constant and at most 10 per page). Counted, never timed."""

MAX_QUERIES = 10


def queries_for(client, count_queries, url: str) -> tuple[int, str]:
    client.get(url)  # warm caches that are filled once per process (translations, templates)
    with count_queries() as q:
        resp = client.get(url)
    assert resp.status_code == 200, f"{url} answered {resp.status_code}"
    return q.count, q.report()


def test_the_counter_counts_every_statement(app, client, count_queries, make_user, login,
                                             bulk_manuscripts):
    user = make_user()
    ids = bulk_manuscripts(3, user)
    assert len(ids) == 3
    login(client, user)
    with count_queries() as q:
        client.get("/")
    assert q.count >= 1
