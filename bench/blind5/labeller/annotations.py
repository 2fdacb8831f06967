"""Pascal VOC / CVAT annotation import-export for tagbench."""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
import xml.sax
from xml.sax.handler import feature_external_ges
from dataclasses import dataclass

import defusedxml.ElementTree as DET
from lxml import etree
from sqlalchemy import text

EXPORT_ROOT = os.environ.get("TAGBENCH_EXPORTS", "/srv/tagbench/exports")


@dataclass
class Box:
    image: str
    label: str
    xmin: int
    ymin: int
    xmax: int
    ymax: int


def parse_voc(data: bytes) -> list[Box]:
    root = DET.fromstring(data)  # SAFE: CWE-611
    image = root.findtext("filename", default="")
    boxes = []
    for obj in root.iter("object"):
        bb = obj.find("bndbox")
        boxes.append(Box(image, obj.findtext("name", ""), *(int(float(bb.findtext(k))) for k in ("xmin", "ymin", "xmax", "ymax"))))
    return boxes


class _LabelCounter(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.counts: dict[str, int] = {}

    def startElement(self, name, attrs):
        if name == "box":
            self.counts[attrs.get("label", "")] = self.counts.get(attrs.get("label", ""), 0) + 1


def count_labels_streaming(fileobj) -> dict[str, int]:
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)  # VULN: CWE-611
    handler = _LabelCounter()
    parser.setContentHandler(handler)
    parser.parse(fileobj)
    return handler.counts


def parse_cvat(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=False, huge_tree=True))  # VULN: CWE-611


def cvat_boxes_for_label(tree: etree._Element, label: str) -> list:
    return tree.xpath("//image/box[@label='" + label + "']")  # VULN: CWE-643


def cvat_boxes_for_label_safe(tree: etree._Element, label: str) -> list:
    return tree.xpath("//image/box[@label=$lbl]", lbl=label)  # SAFE: CWE-643


def cvat_images(tree: etree._Element) -> list:
    return [img.get("name") for img in tree.xpath("//image[box]")]  # SAFE: CWE-643


def save_boxes(engine, dataset_id: int, boxes: list[Box]) -> None:
    with engine.begin() as conn:
        for b in boxes:
            conn.execute(text("INSERT INTO annotations (dataset_id, image, label, xmin, ymin, xmax, ymax) VALUES (:ds, :img, :lbl, :x0, :y0, :x1, :y1)"), {"ds": dataset_id, "img": b.image, "lbl": b.label, "x0": b.xmin, "y0": b.ymin, "x1": b.xmax, "y1": b.ymax})  # SAFE: CWE-89


def delete_label(engine, dataset_id: int, label: str) -> None:
    with engine.begin() as conn:
        conn.execute(text(f"DELETE FROM annotations WHERE dataset_id = {int(dataset_id)} AND label = '{label}'"))  # VULN: CWE-89


def to_voc_xml(image: str, width: int, height: int, boxes: list[Box]) -> bytes:
    root = ET.Element("annotation")
    ET.SubElement(root, "filename").text = image
    size = ET.SubElement(root, "size")
    ET.SubElement(size, "width").text = str(width)
    ET.SubElement(size, "height").text = str(height)
    for b in boxes:
        obj = ET.SubElement(root, "object")
        ET.SubElement(obj, "name").text = b.label
        bb = ET.SubElement(obj, "bndbox")
        for k in ("xmin", "ymin", "xmax", "ymax"):
            ET.SubElement(bb, k).text = str(getattr(b, k))
    return ET.tostring(root, encoding="utf-8")


def reimport_own_export(path: str) -> list[str]:
    tree = ET.parse(path)  # SAFE: CWE-611
    return [o.findtext("name") for o in tree.getroot().iter("object")]


def export_dataset(dataset: str, per_image: dict[str, list[Box]], sizes: dict[str, tuple]) -> str:
    out_dir = os.path.join(EXPORT_ROOT, os.path.basename(dataset))
    os.makedirs(out_dir, exist_ok=True)
    for image, boxes in per_image.items():
        w, h = sizes.get(image, (0, 0))
        with open(os.path.join(out_dir, os.path.basename(image) + ".xml"), "wb") as fh:  # SAFE: CWE-22
            fh.write(to_voc_xml(image, w, h, boxes))
    return out_dir


def export_from_upload(dataset: str, xml_bytes: bytes) -> str:
    """Round-trip an uploaded VOC file into the export tree (used by the 'normalise' button)."""
    boxes = parse_voc(xml_bytes)
    image = boxes[0].image if boxes else "unnamed"
    target = os.path.join(EXPORT_ROOT, os.path.basename(dataset), image + ".xml")
    with open(target, "wb") as fh:  # VULN: CWE-22
        fh.write(to_voc_xml(image, 0, 0, boxes))
    return target

