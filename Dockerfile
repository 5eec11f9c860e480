# Castellan's server image: built with Maven, run as a non-root user with the server's runtime
# classpath only (no test or build dependencies), configured for Kubernetes (kubernetes.conf).
#   docker build -t castellan:0.1.0 .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY protocol protocol
COPY cluster-config cluster-config
COPY service service
COPY deploy/cassandra deploy/cassandra
RUN mvn -q -B -DskipTests -pl service/server -am package \
 && mvn -q -B -pl service/server dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory=/out/lib \
 && cp service/server/target/castellan-server-*.jar /out/castellan-server.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 castellan \
 && useradd --system --uid 10001 --gid castellan --no-create-home castellan
COPY --from=build /out /app
USER 10001:10001
EXPOSE 8080 8558 25520
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -Dconfig.resource=kubernetes.conf -cp '/app/castellan-server.jar:/app/lib/*' io.castellan.server.Main"]
