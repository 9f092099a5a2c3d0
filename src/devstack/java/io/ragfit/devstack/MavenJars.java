package io.ragfit.devstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

import io.quarkus.bootstrap.resolver.maven.BootstrapMavenException;
import io.quarkus.bootstrap.resolver.maven.MavenArtifactResolver;

/**
 * Resolves a backend's jars (with their own transitive versions, untouched by the service's BOM) from the
 * local Maven repository, downloading them from the configured repositories the first time.
 */
final class MavenJars {

    record Jar(String groupId, String artifactId, Path path) {
    }

    private MavenJars() {
    }

    /** One artifact alone, without its dependencies (a distribution archive, for example). */
    static Path artifact(String coordinate) {
        try {
            MavenArtifactResolver resolver = MavenArtifactResolver.builder().setWorkspaceDiscovery(false).build();
            ArtifactRequest request = new ArtifactRequest(new DefaultArtifact(coordinate), resolver.getRepositories(), null);
            return resolver.getSystem().resolveArtifact(resolver.getSession(), request).getArtifact().getFile().toPath();
        } catch (BootstrapMavenException | ArtifactResolutionException e) {
            throw new IllegalStateException("Cannot resolve " + coordinate + " from Maven repositories: " + e.getMessage(), e);
        }
    }

    static List<Jar> resolve(String... coordinates) {
        try {
            MavenArtifactResolver resolver = MavenArtifactResolver.builder()
                    .setWorkspaceDiscovery(false)
                    .build();
            List<Dependency> roots = Arrays.stream(coordinates)
                    .map(coordinate -> new Dependency(new DefaultArtifact(coordinate), "runtime"))
                    .toList();
            CollectRequest collect = new CollectRequest(roots, List.of(), resolver.getRepositories());
            return resolver.getSystem()
                    .resolveDependencies(resolver.getSession(), new DependencyRequest(collect, null))
                    .getArtifactResults()
                    .stream()
                    .map(result -> result.getArtifact())
                    .map(artifact -> new Jar(artifact.getGroupId(), artifact.getArtifactId(), artifact.getFile().toPath()))
                    .toList();
        } catch (BootstrapMavenException | DependencyResolutionException e) {
            throw new IllegalStateException("Cannot resolve " + String.join(", ", coordinates)
                    + " from Maven repositories: " + e.getMessage(), e);
        }
    }
}
