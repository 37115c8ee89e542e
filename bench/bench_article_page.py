"""Goal 1 — the public article page.

    .venv/bin/python bench/bench_article_page.py [--runs 3] [--duration 10] [--connections 32]

Builds the public site (the publishing package's builder on generated articles, when it is
installed; otherwise one representative article page, and the table says so), then measures
with wrk from a separate process, each leg at least three times (medians):
  A. the app's embedded default: gunicorn (deploy/gunicorn.conf.py) serving the static build;
  B. nginx (deploy/nginx/kanwu.conf.template) serving the site directory;
  C. nginx serving a plain file of the same size (a bare `location /`).
Goals: A >= 1,200 req/s (100x the reference Django journal's 12 req/s); B within 1.5x of C.
"""

import argparse
import importlib.util
import shutil
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.corpus import Corpus  # noqa: E402

REFERENCE_RPS = 12.0
REFERENCE_P50_MS = 155.0
GOAL_RPS = 100 * REFERENCE_RPS
GOAL_RATIO = 1.5


def representative_page(site: Path) -> tuple[str, str]:
    """A page shaped like an article page (navigation, metadata, both abstracts, ~8,000
    characters of full text, citations) when the site builder is not available."""
    import random

    rng = random.Random(7)
    corpus = Corpus(rng)
    meta = corpus.manuscript()
    authors = [corpus.person() for _ in range(3)]
    body = "".join(f"<p>{p}</p>\n" for p in corpus.body_paragraphs(40))
    nav = "".join(f'<li><a href="/pages/{s}">{t}</a></li>' for s, t in [
        ("aims", "刊物宗旨"), ("guidelines", "征稿要求"), ("how-to-submit", "投稿方式"),
        ("receipt", "收稿方式"), ("databases", "数据库"), ("columns", "栏目设置")])
    html = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{meta['title_zh']} - 河北科技图苑</title>
<meta name="citation_title" content="{meta['title_zh']}">
{''.join(f'<meta name="citation_author" content="{a["name"]}">' for a in authors)}
<meta name="citation_journal_title" content="河北科技图苑">
<meta name="DC.title" content="{meta['title_zh']}">
<link rel="stylesheet" href="/static/css/kanwu.css"></head><body>
<nav><ul><li><a href="/">首页</a></li>{nav}</ul></nav><main><article>
<h1>{meta['title_zh']}</h1><p class="authors">{'，'.join(a['name'] for a in authors)}</p>
<p class="affiliations">{'；'.join(a['affiliation'] for a in authors)}</p>
<p><strong>摘要：</strong>{meta['abstract_zh']}</p><p><strong>关键词：</strong>{'；'.join(meta['keywords_zh'])}</p>
<h2>{meta['title_en']}</h2><p><strong>Abstract:</strong> {meta['abstract_en']}</p>
<section class="fulltext">{body}</section>
<p>文章来源：《河北科技图苑》2026年第1期</p></article></main></body></html>
"""
    path = site / "qikandaodu" / "2026" / "0115" / "1.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html)
    return "/qikandaodu/2026/0115/1.html", "representative page (the site builder has not landed)"


def build_site(site: Path, instance: Path) -> tuple[str, str]:
    """Published articles built by the publishing package's builder, when it is installed."""
    if importlib.util.find_spec("publishing.build") is None:
        return representative_page(site)
    from bench.publish_data import build_for_benchmark

    return (build_for_benchmark(site, instance, articles=40),
            "article page built by the publishing package")


def fetch(url: str) -> tuple[int, int]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - loopback
            return resp.status, len(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, 0


def measure(name: str, url: str, args) -> dict:
    runs = [common.wrk(url, connections=args.connections, duration=args.duration)
            for _ in range(args.runs)]
    low = [common.wrk(url, connections=2, duration=max(3, args.duration // 2))
           for _ in range(args.runs)]
    result = {
        "leg": name, "url": url, "runs": runs, "runs_2_connections": low,
        "rps": common.median([r["rps"] for r in runs]),
        "p50_ms": common.median([r["p50_ms"] for r in runs]),
        "p99_ms": common.median([r["p99_ms"] for r in runs]),
        "rps_2c": common.median([r["rps"] for r in low]),
        "p50_ms_2c": common.median([r["p50_ms"] for r in low]),
        "errors": sum(r["errors"] for r in runs + low),
    }
    print(f"  {name}: {result['rps']:,.0f} req/s (c={args.connections}), "
          f"p50 {result['p50_ms_2c']:.2f} ms at 2 connections")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    with common.scratch_dir("kanwu-bench-article-") as tmp:
        site, plain, instance, logs = tmp / "site", tmp / "plain", tmp / "instance", tmp / "logs"
        for d in (site, plain, instance, logs):
            d.mkdir()
        path, source = build_site(site, instance)
        env = common.app_env(SITE_DIR=site, UPLOAD_DIR=instance / "uploads",
                             MAIL_DIR=instance / "mail",
                             DATABASE_URL=f"sqlite:///{instance / 'kanwu.sqlite3'}")
        for key in ("CELERY_BROKER_URL", "REDIS_URL", "KANWU_ENV"):
            env.pop(key, None)
        common.run_flask(["db", "upgrade"], env)
        page = site / path.lstrip("/")
        shutil.copyfile(page, plain / "plain.html")
        size = page.stat().st_size
        print(f"page: {path} ({size:,} bytes) — {source}")

        app_port, nginx_port, plain_port = (common.free_port() for _ in range(3))
        plain_server = (f"    server {{ listen 127.0.0.1:{plain_port}; root {plain}; "
                        "location / { } }")
        conf = common.render_nginx(tmp / "nginx", listen=f"127.0.0.1:{nginx_port}",
                                   upstream=f"127.0.0.1:{app_port}", site_root=site,
                                   log_dir=logs, extra=plain_server)
        legs = []
        with common.process(common.gunicorn_cmd(app_port), env=env, port=app_port,
                            log=logs / "gunicorn.log"), \
                common.process(common.nginx_cmd(conf), port=nginx_port, log=logs / "nginx.log"):
            time.sleep(1.0)
            targets = [("A. gunicorn, embedded default", f"http://127.0.0.1:{app_port}{path}"),
                       ("B. nginx, site directory", f"http://127.0.0.1:{nginx_port}{path}"),
                       ("C. nginx, plain file", f"http://127.0.0.1:{plain_port}/plain.html")]
            for name, url in targets:
                status, length = fetch(url)
                if status != 200:
                    print(f"  {name}: answers {status} — not measured")
                    legs.append({"leg": name, "url": url, "status": status, "rps": None})
                    continue
                legs.append(measure(name, url, args))

    by_name = {leg["leg"][0]: leg for leg in legs}
    app_rps = by_name["A"].get("rps")
    ratio = (by_name["C"]["rps"] / by_name["B"]["rps"]) if by_name["B"].get("rps") else None
    rows = [[leg["leg"], leg["rps"], leg["p50_ms"], leg["p99_ms"], leg["rps_2c"],
             leg["p50_ms_2c"], leg["errors"]] if leg.get("rps") else [leg["leg"], "n/a", "", "", "",
                                                                      "", ""]
            for leg in legs]
    print()
    common.print_table(["leg", f"req/s c={args.connections}", "p50 ms", "p99 ms", "req/s c=2",
                        "p50 ms c=2", "errors"], rows)
    goals = {
        "app_rps": {"target": f">= {GOAL_RPS:,.0f} req/s", "value": app_rps,
                    "x_reference": app_rps / REFERENCE_RPS if app_rps else None,
                    "reached": bool(app_rps and app_rps >= GOAL_RPS)},
        "nginx_vs_plain": {"target": f"<= {GOAL_RATIO}x", "value": ratio,
                           "reached": bool(ratio and ratio <= GOAL_RATIO)},
    }
    print()
    print(f"A: {app_rps or 0:,.0f} req/s = {(app_rps or 0) / REFERENCE_RPS:,.0f}x the reference "
          f"(goal >= {GOAL_RPS:,.0f}): {common.verdict(goals['app_rps']['reached'])}")
    if ratio:
        print(f"B vs C: plain file is {ratio:.2f}x nginx's site page (goal <= {GOAL_RATIO}x): "
              f"{common.verdict(goals['nginx_vs_plain']['reached'])}")
    common.write_results("article_page", {"page": path, "page_bytes": size, "source": source,
                                          "connections": args.connections, "runs": args.runs,
                                          "duration_s": args.duration, "legs": legs,
                                          "goals": goals})


if __name__ == "__main__":
    main()
