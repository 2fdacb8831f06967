package com.example.files;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.io.FilenameUtils;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

public class ReportServlet extends HttpServlet {
    private static final String REPORT_DIR = "/srv/reports";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("file");
        File report = new File(REPORT_DIR, name);
        // ruleid: JAVA-PATH-TRAVERSAL
        try (InputStream in = new FileInputStream(report); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("file");
        File report = new File(REPORT_DIR, name);
        // ok: JAVA-PATH-TRAVERSAL
        try (InputStream in = new FileInputStream(new File(REPORT_DIR, report.getName()))) {
            in.transferTo(response.getOutputStream());
        }
    }
}

@RestController
class DocumentController {
    private static final Path BASE = Paths.get("/var/app/documents").toAbsolutePath().normalize();
    private final Path uploadDir = Paths.get("/var/app/uploads");

    @GetMapping("/documents/{name}")
    public byte[] read(@PathVariable String name) throws IOException {
        // ruleid: JAVA-PATH-TRAVERSAL
        return Files.readAllBytes(BASE.resolve(name));
    }

    @GetMapping("/documents")
    public Resource download(@RequestParam("path") String path) {
        // ruleid: JAVA-PATH-TRAVERSAL
        return new FileSystemResource(Paths.get("/var/app/documents/" + path));
    }

    @PostMapping("/upload")
    public String upload(@RequestParam("file") MultipartFile file) throws IOException {
        Path target = uploadDir.resolve(file.getOriginalFilename());
        // ruleid: JAVA-PATH-TRAVERSAL
        Files.copy(file.getInputStream(), target, StandardCopyOption.REPLACE_EXISTING);
        return "ok";
    }

    @PostMapping("/avatar")
    public String avatar(@RequestParam("file") MultipartFile file) throws IOException {
        // ruleid: JAVA-PATH-TRAVERSAL
        file.transferTo(new File("/var/app/avatars/" + file.getOriginalFilename()));
        return "ok";
    }

    @DeleteMapping("/documents/{name}")
    public void delete(@PathVariable String name) throws IOException {
        // ruleid: JAVA-PATH-TRAVERSAL
        Files.deleteIfExists(Path.of(BASE.toString(), name));
    }

    @GetMapping("/safe/{name}")
    public byte[] readChecked(@PathVariable String name) throws IOException {
        Path file = BASE.resolve(name).normalize();
        if (!file.startsWith(BASE)) {
            throw new IllegalArgumentException("outside the document folder");
        }
        // ok: JAVA-PATH-TRAVERSAL
        return Files.readAllBytes(file);
    }

    @GetMapping("/naive/{name}")
    public byte[] readNaiveCheck(@PathVariable String name) throws IOException {
        Path file = BASE.resolve(name);
        if (!file.startsWith(BASE)) {
            throw new IllegalArgumentException("outside the document folder");
        }
        // ruleid: JAVA-PATH-TRAVERSAL
        return Files.readAllBytes(file);
    }

    @PostMapping("/upload-safe")
    public String uploadSafe(@RequestParam("file") MultipartFile file) throws IOException {
        String original = FilenameUtils.getName(file.getOriginalFilename());
        Path target = uploadDir.resolve(UUID.randomUUID() + "-" + original);
        // ok: JAVA-PATH-TRAVERSAL
        Files.copy(file.getInputStream(), target, StandardCopyOption.REPLACE_EXISTING);
        return target.getFileName().toString();
    }

    @GetMapping("/thumbs/{name}")
    public byte[] thumbnail(@PathVariable String name) throws IOException {
        Path onlyName = Paths.get(name).getFileName();
        // ok: JAVA-PATH-TRAVERSAL
        return Files.readAllBytes(uploadDir.resolve(onlyName));
    }

    @GetMapping("/invoices/{id}")
    public byte[] invoice(@PathVariable long id) throws IOException {
        // ok: JAVA-PATH-TRAVERSAL
        return Files.readAllBytes(Paths.get("/var/app/invoices", id + ".pdf"));
    }
}
