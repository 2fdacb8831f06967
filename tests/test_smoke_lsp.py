from lsp_client import codes, open_doc, wait_published


async def test_yaml_load_is_reported(client):
    uri = (client.root / "app.py").as_uri()
    open_doc(client, uri, "import yaml\n\ndef f(s):\n    return yaml.load(s)\n")
    params = await wait_published(client, uri, version=1)
    assert codes(params) == ["PY-DESERIAL-YAML"]
    d = params.diagnostics[0]
    assert (d.range.start.line, d.range.start.character, d.range.end.character) == (3, 11, 23)
    assert d.source == "seclint"
