# Lookout: build with Maven, run on a jlink-trimmed Java runtime as a non-root user.
#   docker build -t lookout .
#   docker run -v $PWD/lookout.yaml:/etc/lookout/lookout.yaml:ro -p 9464:9464 lookout
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY agent/pom.xml agent/
RUN mvn -B -q -pl agent -am dependency:go-offline
COPY agent agent
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jdk AS runtime
# Only the JDK modules Lookout uses: a runtime a fraction of a full JRE's size.
RUN jlink --add-modules java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,jdk.crypto.ec,jdk.unsupported,jdk.management,jdk.naming.dns \
      --strip-debug --no-man-pages --no-header-files --compress=2 --output /opt/java

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /var/lib/lookout --shell /usr/sbin/nologin lookout \
 && mkdir -p /var/lib/lookout /etc/lookout && chown lookout /var/lib/lookout
COPY --from=runtime /opt/java /opt/java
COPY --from=build /src/agent/target/lookout.jar /opt/lookout/lookout.jar
ENV PATH=/opt/java/bin:$PATH \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -Xms8m -Xmx128m -XX:MaxNewSize=12m -XX:SurvivorRatio=2 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:ReservedCodeCacheSize=16m" \
    MALLOC_ARENA_MAX=2
USER lookout
VOLUME /var/lib/lookout
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD ["java", "-jar", "/opt/lookout/lookout.jar", "health"]
ENTRYPOINT ["java", "-jar", "/opt/lookout/lookout.jar"]
CMD ["run", "-c", "/etc/lookout/lookout.yaml"]
