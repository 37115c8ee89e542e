"""The nginx configuration that docker-compose and bench/stack.sh share."""

import re
import shutil

import yaml

from bench.common import NGINX_TEMPLATE, render_nginx
from tests.conftest import PROJECT_ROOT, need_service

VARIABLES = set(re.findall(r"\$\{([A-Z_]+)\}", NGINX_TEMPLATE.read_text()))


def test_compose_gives_nginx_every_variable_of_the_template_and_the_site_volume():
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    nginx = compose["services"]["nginx"]
    assert {"KANWU_UPSTREAM", "KANWU_SITE_ROOT", "NGINX_LISTEN", "MAX_UPLOAD_MB"} == VARIABLES
    assert set(nginx["environment"]) >= VARIABLES
    mounts = dict(v.rsplit(":", 2)[:2] for v in nginx["volumes"])
    assert mounts["./deploy/nginx/kanwu.conf.template"] == \
        "/etc/nginx/templates/default.conf.template"
    assert mounts["site"] == nginx["environment"]["KANWU_SITE_ROOT"]
    assert nginx["environment"]["KANWU_UPSTREAM"] == "web:8000"
    web = compose["services"]["web"]
    assert web["environment"]["KANWU_PROXIES"] == "1"
    assert "ports" not in web, "gunicorn is reached through nginx only"


def test_the_rendered_configuration_is_valid_nginx(tmp_path):
    need_service("nginx", shutil.which("nginx") is not None, "apt-get install nginx")
    conf = render_nginx(tmp_path / "nginx", listen="127.0.0.1:8999", upstream="127.0.0.1:8998",
                        site_root=tmp_path / "site", log_dir=tmp_path, max_upload_mb=60)
    server = (conf.parent / "kanwu.conf").read_text()
    assert "${" not in server
    assert "client_max_body_size 60m;" in server
    assert "try_files $uri $uri.html $uri/index.html @app;" in server
