package com.example.http;

import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

public class InsecureClients {

    public static SSLContext trustEverything() throws Exception {
        TrustManager[] trustAll = {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            // ruleid: JAVA-TLS-TRUST-ALL
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trustAll, new SecureRandom());
        return ctx;
    }

    public static void acceptAnyHost() {
        // ruleid: JAVA-TLS-TRUST-ALL
        HttpsURLConnection.setDefaultHostnameVerifier((hostname, session) -> true);
    }

    public static CloseableHttpClient apacheClient(SSLContext ctx) {
        return HttpClients.custom()
                .setSSLContext(ctx)
                // ruleid: JAVA-TLS-TRUST-ALL
                .setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE)
                .build();
    }
}

class LenientVerifier implements HostnameVerifier {
    // ruleid: JAVA-TLS-TRUST-ALL
    @Override
    public boolean verify(String hostname, SSLSession session) { return true; }
}

class PinningTrustManager implements X509TrustManager {
    private final X509TrustManager delegate;
    private final String pin;

    PinningTrustManager(TrustManagerFactory tmf, String pin) {
        this.delegate = (X509TrustManager) tmf.getTrustManagers()[0];
        this.pin = pin;
    }

    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    // ok: JAVA-TLS-TRUST-ALL
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        if (!Pins.sha256(chain[0]).equals(pin)) {
            throw new CertificateException("certificate pin mismatch");
        }
    }

    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}

class InternalHostVerifier implements HostnameVerifier {
    private final HostnameVerifier standard = HttpsURLConnection.getDefaultHostnameVerifier();

    // ok: JAVA-TLS-TRUST-ALL
    public boolean verify(String hostname, SSLSession session) {
        return hostname.endsWith(".internal.example.com") && standard.verify(hostname, session);
    }
}

class Filters {
    // ok: JAVA-TLS-TRUST-ALL
    static final java.util.function.BiPredicate<String, String> ACCEPT_ALL = (a, b) -> true;
}
