package com.example.shop;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.persistence.EntityManager;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

public class UserServlet extends HttpServlet {
    private DataSource dataSource;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        String sql = "SELECT id, email FROM users WHERE name = '" + name + "'";
        try (Connection conn = dataSource.getConnection(); Statement stmt = conn.createStatement()) {
            // ruleid: JAVA-SQL-INJECTION
            ResultSet rs = stmt.executeQuery(sql);
            while (rs.next()) {
                response.getWriter().println(rs.getString("email"));
            }
        } catch (SQLException e) {
            response.sendError(500);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getParameter("id");
        try (Connection conn = dataSource.getConnection()) {
            // ruleid: JAVA-SQL-INJECTION
            PreparedStatement ps = conn.prepareStatement("DELETE FROM carts WHERE id = " + id);
            ps.executeUpdate();
        } catch (SQLException e) {
            response.sendError(500);
        }
    }

    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT id FROM users WHERE name = ?")) {
            // ok: JAVA-SQL-INJECTION
            ps.setString(1, name);
            ps.executeQuery();
        } catch (SQLException e) {
            response.sendError(500);
        }
    }
}

@RestController
class ProductController {
    private final JdbcTemplate jdbcTemplate;
    private final EntityManager em;

    ProductController(JdbcTemplate jdbcTemplate, EntityManager em) {
        this.jdbcTemplate = jdbcTemplate;
        this.em = em;
    }

    @GetMapping("/products")
    public List<Map<String, Object>> search(@RequestParam("q") String q, @RequestParam(defaultValue = "name") String sort) {
        // ruleid: JAVA-SQL-INJECTION
        return jdbcTemplate.queryForList("SELECT * FROM products WHERE title LIKE '%" + q + "%' ORDER BY " + sort);
    }

    @GetMapping("/orders/{customer}")
    public List<?> orders(@PathVariable String customer) {
        String jpql = String.format("select o from Order o where o.customer.name = '%s'", customer);
        // ruleid: JAVA-SQL-INJECTION
        return em.createQuery(jpql).getResultList();
    }

    @GetMapping("/products/safe")
    public List<Map<String, Object>> searchSafe(@RequestParam String q) {
        // ok: JAVA-SQL-INJECTION
        return jdbcTemplate.queryForList("SELECT * FROM products WHERE title LIKE ?", "%" + q + "%");
    }

    @GetMapping("/orders/safe/{customer}")
    public List<?> ordersSafe(@PathVariable String customer) {
        // ok: JAVA-SQL-INJECTION
        return em.createQuery("select o from Order o where o.customer.name = :name")
                .setParameter("name", customer)
                .getResultList();
    }

    @GetMapping("/products/{id}")
    public Map<String, Object> byId(@PathVariable long id, @RequestParam String page) {
        int offset = Integer.parseInt(page) * 20;
        // ok: JAVA-SQL-INJECTION
        return jdbcTemplate.queryForMap("SELECT * FROM products WHERE id = " + id + " OFFSET " + offset);
    }

    public int purge(String table) {
        // ok: JAVA-SQL-INJECTION
        return jdbcTemplate.update("DELETE FROM " + table + " WHERE expires_at < now()");
    }
}
