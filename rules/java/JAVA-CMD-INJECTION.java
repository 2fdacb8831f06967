package com.example.ops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

public class DiagnosticsServlet extends HttpServlet {
    private static final Pattern HOSTNAME = Pattern.compile("^[A-Za-z0-9.-]{1,253}$");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String host = request.getParameter("host");
        // ruleid: JAVA-CMD-INJECTION
        Process p = Runtime.getRuntime().exec("nslookup " + host);
        p.getInputStream().transferTo(response.getOutputStream());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String target = request.getParameter("target");
        // ruleid: JAVA-CMD-INJECTION
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "traceroute " + target);
        pb.redirectErrorStream(true);
        pb.start().getInputStream().transferTo(response.getOutputStream());
    }

    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String host = request.getParameter("host");
        if (!HOSTNAME.matcher(host).matches()) {
            response.sendError(400);
            return;
        }
        // ok: JAVA-CMD-INJECTION
        Process p = new ProcessBuilder("nslookup", "--", host).start();
        p.getInputStream().transferTo(response.getOutputStream());
    }
}

@RestController
class ConvertController {
    @PostMapping("/convert")
    public String convert(@RequestParam String tool, @RequestParam String file) throws IOException {
        // ruleid: JAVA-CMD-INJECTION
        new ProcessBuilder(tool, "--input", file).inheritIO().start();
        return "started";
    }

    @PostMapping("/thumbnail")
    public String thumbnail(@RequestParam String file) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("convert");
        command.add(file);
        command.add("-resize");
        command.add("128x128");
        // ok: JAVA-CMD-INJECTION
        new ProcessBuilder(command).start();
        return "ok";
    }

    @PostMapping("/archive")
    public String archive(@RequestParam String dir) throws IOException {
        // ruleid: JAVA-CMD-INJECTION
        Runtime.getRuntime().exec(new String[]{"/bin/bash", "-c", "tar czf /tmp/a.tgz " + dir});
        return "ok";
    }

    @PostMapping("/tail")
    public String tail(@RequestParam int lines) throws IOException {
        // ok: JAVA-CMD-INJECTION
        Runtime.getRuntime().exec(new String[]{"sh", "-c", "tail -n " + lines + " /var/log/app.log"});
        return "ok";
    }

    public void rotate(String script) throws IOException {
        // ok: JAVA-CMD-INJECTION
        new ProcessBuilder("sh", "-c", script).start();
    }
}
