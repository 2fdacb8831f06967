import jinja2
from jinja2 import Environment, FileSystemLoader, PackageLoader
from jinja2.sandbox import SandboxedEnvironment

from myapp import settings

# ruleid: PY-JINJA-AUTOESCAPE
env = Environment(loader=FileSystemLoader("templates"))
page = env.get_template("comment.html")

# ruleid: PY-JINJA-AUTOESCAPE
mail_env = jinja2.Environment(loader=PackageLoader("shop", "emails"), autoescape=False)


def make_env(path):
    # ruleid: PY-JINJA-AUTOESCAPE
    return Environment(
        loader=FileSystemLoader(path),
        trim_blocks=True,
    )


# ruleid: PY-JINJA-AUTOESCAPE
user_templates = SandboxedEnvironment()


def guess_autoescape(template_name):
    return template_name is None or template_name.endswith((".html", ".xml"))


# ok: PY-JINJA-AUTOESCAPE
site_env = Environment(loader=FileSystemLoader("templates"), autoescape=jinja2.select_autoescape(["html", "xml"]))

# ok: PY-JINJA-AUTOESCAPE
admin_env = jinja2.Environment(loader=FileSystemLoader("admin"), autoescape=True)

# ok: PY-JINJA-AUTOESCAPE
custom_env = Environment(loader=FileSystemLoader("templates"), autoescape=guess_autoescape)

# ok: PY-JINJA-AUTOESCAPE
configured_env = Environment(loader=FileSystemLoader("templates"), autoescape=settings.JINJA_AUTOESCAPE)


def env_from_options(options):
    # ok: PY-JINJA-AUTOESCAPE
    return Environment(**options)


# Renders configuration files, not HTML: escaping would corrupt them.
# ok: PY-JINJA-AUTOESCAPE
conf_env = Environment(loader=FileSystemLoader("deploy/templates"), keep_trailing_newline=True)
nginx_conf = conf_env.get_template("nginx.conf.j2").render(server_name="example.com")
compose = conf_env.get_template("docker-compose.yml.j2").render(services=[])
