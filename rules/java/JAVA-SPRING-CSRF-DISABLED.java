package com.example.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

@Configuration
public class WebSecurityConfig {

    @Bean
    SecurityFilterChain web(HttpSecurity http) throws Exception {
        http
            .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
            .formLogin(Customizer.withDefaults())
            // ruleid: JAVA-SPRING-CSRF-DISABLED
            .csrf(AbstractHttpConfigurer::disable);
        return http.build();
    }

    @Bean
    SecurityFilterChain admin(HttpSecurity http) throws Exception {
        return http
            .securityMatcher("/admin/**")
            // ruleid: JAVA-SPRING-CSRF-DISABLED
            .csrf(csrf -> csrf.disable())
            .httpBasic(Customizer.withDefaults())
            .build();
    }

    @Bean
    SecurityFilterChain portal(HttpSecurity http) throws Exception {
        http.securityMatcher("/portal/**")
            .csrf(c -> {
                // ruleid: JAVA-SPRING-CSRF-DISABLED
                c.disable();
            })
            .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    SecurityFilterChain defaults(HttpSecurity http) throws Exception {
        http
            .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
            // ok: JAVA-SPRING-CSRF-DISABLED
            .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                .ignoringRequestMatchers("/webhooks/stripe"))
            .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http
            .securityMatcher("/api/**")
            .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .oauth2ResourceServer(oauth -> oauth.jwt(Customizer.withDefaults()))
            // ok: JAVA-SPRING-CSRF-DISABLED
            .csrf(AbstractHttpConfigurer::disable);
        return http.build();
    }

    @Bean
    SecurityFilterChain withDefaults(HttpSecurity http) throws Exception {
        // ok: JAVA-SPRING-CSRF-DISABLED
        return http.csrf(Customizer.withDefaults()).formLogin(Customizer.withDefaults()).build();
    }
}

class LegacySecurityConfig extends org.springframework.security.config.annotation.web.configuration.WebSecurityConfigurerAdapter {
    @Override
    protected void configure(HttpSecurity http) throws Exception {
        http.authorizeRequests().anyRequest().authenticated()
            .and().formLogin()
            // ruleid: JAVA-SPRING-CSRF-DISABLED
            .and().csrf().disable();
    }
}
