package com.example.directory;

import static org.springframework.ldap.query.LdapQueryBuilder.query;

import java.io.IOException;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.ldap.core.AttributesMapper;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.filter.AndFilter;
import org.springframework.ldap.filter.EqualsFilter;
import org.springframework.ldap.support.LdapEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

public class PeopleSearchServlet extends HttpServlet {
    private static final String BASE = "ou=people,dc=example,dc=com";
    private DirContext ctx;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String user = request.getParameter("user");
        String filter = "(&(objectClass=inetOrgPerson)(uid=" + user + "))";
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        try {
            // ruleid: JAVA-LDAP-INJECTION
            NamingEnumeration<SearchResult> results = ctx.search(BASE, filter, controls);
            while (results.hasMore()) {
                response.getWriter().println(results.next().getNameInNamespace());
            }
        } catch (NamingException e) {
            response.sendError(500);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SearchControls controls = new SearchControls();
        try {
            // ok: JAVA-LDAP-INJECTION
            NamingEnumeration<SearchResult> results = ctx.search(BASE, "(&(objectClass=inetOrgPerson)(uid={0}))",
                    new Object[] {request.getParameter("user")}, controls);
            response.getWriter().println(results.hasMore());
        } catch (NamingException e) {
            response.sendError(500);
        }
    }
}

@RestController
class DirectoryController {
    private final LdapTemplate ldapTemplate;
    private final AttributesMapper<String> cnMapper = attrs -> (String) attrs.get("cn").get();

    DirectoryController(LdapTemplate ldapTemplate) {
        this.ldapTemplate = ldapTemplate;
    }

    @GetMapping("/people")
    public List<String> find(@RequestParam String name) {
        // ruleid: JAVA-LDAP-INJECTION
        return ldapTemplate.search("ou=people", "(cn=" + name + "*)", cnMapper);
    }

    @PostMapping("/login")
    public boolean login(@RequestParam String username, @RequestParam String password) {
        // ruleid: JAVA-LDAP-INJECTION
        return ldapTemplate.authenticate("ou=people", String.format("(uid=%s)", username), password);
    }

    @GetMapping("/people/by-mail")
    public List<String> byMail(@RequestParam String mail) {
        // ruleid: JAVA-LDAP-INJECTION
        return ldapTemplate.search(query().base("ou=people").filter("(mail=" + mail + ")"), cnMapper);
    }

    @GetMapping("/people/escaped")
    public List<String> escaped(@RequestParam String name) {
        // ok: JAVA-LDAP-INJECTION
        return ldapTemplate.search("ou=people", "(cn=" + LdapEncoder.filterEncode(name) + ")", cnMapper);
    }

    @GetMapping("/people/query")
    public List<String> byUid(@RequestParam String uid) {
        // ok: JAVA-LDAP-INJECTION
        return ldapTemplate.search(query().base("ou=people").where("objectClass").is("person").and("uid").is(uid), cnMapper);
    }

    @PostMapping("/login2")
    public boolean login2(@RequestParam String username, @RequestParam String password) {
        AndFilter filter = new AndFilter();
        filter.and(new EqualsFilter("objectClass", "person")).and(new EqualsFilter("uid", username));
        // ok: JAVA-LDAP-INJECTION
        return ldapTemplate.authenticate("ou=people", filter.encode(), password);
    }
}
