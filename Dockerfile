# Lookout: built with Maven into its distribution (a jlink-trimmed runtime, the launcher with the
# tuned JVM options), run as a non-root user.
#   docker build -t lookout .
#   docker run -v $PWD/lookout.yaml:/etc/lookout/lookout.yaml:ro -p 9464:9464 lookout
# The config's agent.listen must be reachable from outside the container: 0.0.0.0:PORT, or
# `listen: ${LOOKOUT_LISTEN}` (set to 0.0.0.0:9464 here; the HEALTHCHECK follows either).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY agent/pom.xml agent/
RUN mvn -B -q -pl agent -am dependency:go-offline
COPY agent agent
COPY packaging packaging
COPY config-examples config-examples
COPY systemd systemd
COPY README.md .
# `package` runs packaging/make-dist.sh: agent/target/lookout-<version>/ is the distribution.
RUN mvn -B -q -DskipTests package && mv agent/target/lookout-*/ /opt/lookout

FROM debian:bookworm-slim
# curl for the HEALTHCHECK: asking /healthz must not start a second JVM.
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/lookout --shell /usr/sbin/nologin lookout \
 && mkdir -p /var/lib/lookout /etc/lookout && chown lookout:lookout /var/lib/lookout
COPY --from=build /opt/lookout /opt/lookout
# The class-data archive for /opt/lookout (the one the build made holds the build's paths).
RUN /opt/lookout/lib/make-cds
COPY packaging/docker/healthcheck /opt/lookout/bin/healthcheck
COPY config-examples/docker-lookout.yaml /etc/lookout/lookout.yaml
# The launcher's JVM options apply; add or override them with LOOKOUT_JAVA_OPTS.
ENV PATH=/opt/lookout/bin:$PATH \
    LOOKOUT_LISTEN=0.0.0.0:9464 \
    LOOKOUT_CONFIG=/etc/lookout/lookout.yaml
USER lookout
VOLUME /var/lib/lookout
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD ["/opt/lookout/bin/healthcheck"]
ENTRYPOINT ["/opt/lookout/bin/lookout"]
CMD ["run", "-c", "/etc/lookout/lookout.yaml"]
