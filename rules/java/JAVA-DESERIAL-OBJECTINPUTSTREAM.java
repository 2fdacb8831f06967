package com.example.session;

import java.beans.XMLDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Base64;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;

public class CartRestorer {

    public Object restore(HttpServletRequest request) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(request.getInputStream())) {
            // ruleid: JAVA-DESERIAL-OBJECTINPUTSTREAM
            return in.readObject();
        }
    }

    public Object fromCookie(Cookie cookie) throws IOException, ClassNotFoundException {
        byte[] bytes = Base64.getDecoder().decode(cookie.getValue());
        // ruleid: JAVA-DESERIAL-OBJECTINPUTSTREAM
        return new ObjectInputStream(new ByteArrayInputStream(bytes)).readObject();
    }

    public Object fromXml(InputStream body) {
        XMLDecoder decoder = new XMLDecoder(body);
        // ruleid: JAVA-DESERIAL-OBJECTINPUTSTREAM
        Object settings = decoder.readObject();
        decoder.close();
        return settings;
    }

    public Object restoreFiltered(HttpServletRequest request) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(request.getInputStream())) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.session.Cart;java.base/*;!*"));
            // ok: JAVA-DESERIAL-OBJECTINPUTSTREAM
            return in.readObject();
        }
    }
}

class Cart implements Serializable {
    private static final long serialVersionUID = 1L;
    private transient int cachedTotal;
    private String owner;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        // ok: JAVA-DESERIAL-OBJECTINPUTSTREAM
        in.defaultReadObject();
        // ok: JAVA-DESERIAL-OBJECTINPUTSTREAM
        owner = (String) in.readObject();
        cachedTotal = -1;
    }
}

class SafeObjectInputStream extends ObjectInputStream {
    SafeObjectInputStream(InputStream in) throws IOException {
        super(in);
    }

    static Object read(InputStream in) throws IOException, ClassNotFoundException {
        // ok: JAVA-DESERIAL-OBJECTINPUTSTREAM
        return new SafeObjectInputStream(in).readObject();
    }
}
