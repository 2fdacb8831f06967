package com.example.xml;

import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import org.w3c.dom.Document;
import org.xml.sax.helpers.DefaultHandler;

public class InvoiceParser {

    public Document parse(InputStream upload) throws Exception {
        // ruleid: JAVA-XXE
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setExpandEntityReferences(false);
        DocumentBuilder builder = dbf.newDocumentBuilder();
        return builder.parse(upload);
    }

    public void scan(InputStream feed, DefaultHandler handler) throws Exception {
        // ruleid: JAVA-XXE
        SAXParser parser = SAXParserFactory.newInstance().newSAXParser();
        parser.parse(feed, handler);
    }

    public XMLStreamReader stream(InputStream body) throws Exception {
        // ruleid: JAVA-XXE
        XMLInputFactory factory = XMLInputFactory.newFactory();
        return factory.createXMLStreamReader(body);
    }

    public Document parseSafely(InputStream upload) throws Exception {
        // ok: JAVA-XXE
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.setXIncludeAware(false);
        return dbf.newDocumentBuilder().parse(upload);
    }

    public void scanSafely(InputStream feed, DefaultHandler handler) throws Exception {
        // ok: JAVA-XXE
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        spf.newSAXParser().parse(feed, handler);
    }

    public XMLStreamReader streamSafely(InputStream body) throws Exception {
        // ok: JAVA-XXE
        XMLInputFactory factory = XMLInputFactory.newInstance();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        return factory.createXMLStreamReader(body);
    }
}
