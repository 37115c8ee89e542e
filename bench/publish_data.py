"""Real article pages for the serving benchmarks (bench/bench_article_page.py).

`build_for_benchmark(site, instance, articles)` seeds a SQLite database under `instance` with
published articles (as bench/publish_bench.py does) and builds the public site into `site`
with the publishing package's builder; it returns the URL path of one article page.
"""

from pathlib import Path

from sqlalchemy import select

from bench.publish_bench import make_app, seed


def build_for_benchmark(site: Path, instance: Path, articles: int = 50) -> str:
    from core.extensions import db
    from publishing.build import build_site
    from publishing.models import Article

    instance.mkdir(parents=True, exist_ok=True)
    database = instance / "publish-bench.sqlite3"
    database.unlink(missing_ok=True)
    app = make_app(f"sqlite:///{database}", instance, site)
    with app.app_context():
        seed(articles)
        build_site(index=False)
        return "/" + db.session.scalar(select(Article.path).order_by(Article.id).limit(1))
