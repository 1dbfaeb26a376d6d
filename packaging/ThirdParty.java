import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The distribution's licence notices (run by make-dist.sh with the source launcher, one JVM for
 * all jars): THIRD-PARTY.txt lists every runtime dependency with the licence its POM, or the
 * nearest parent POM, declares; licences/ARTIFACT/ holds the licence and notice files the
 * dependency's jar ships.
 *
 * <p>{@code java ThirdParty.java OUT_DIR LOCAL_REPOSITORY VERSION RUNTIME_CLASSPATH}
 */
public final class ThirdParty {
  private static final Pattern NOTICE =
      Pattern.compile("(?i)(META-INF/)?[^/]*(LICEN[CS]E|NOTICE)[^/]*");

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Path repo = Path.of(args[1]);
    String version = args[2];
    TreeSet<String> lines = new TreeSet<>();
    for (String entry : args[3].split(":")) {
      Path jar = Path.of(entry);
      if (!jar.startsWith(repo) || !entry.endsWith(".jar")) {
        continue; // the module's own classes
      }
      Path dir = jar.getParent();
      String v = dir.getFileName().toString();
      String a = dir.getParent().getFileName().toString();
      String g = repo.relativize(dir.getParent().getParent()).toString().replace('/', '.');
      lines.add(g + ":" + a + ":" + v + "  " + licence(repo, dir.resolve(a + "-" + v + ".pom")));
      copyNotices(jar, out.resolve("licences").resolve(a));
    }
    List<String> text = new ArrayList<>();
    text.add("Lookout " + version + " bundles these libraries (in lib/lookout.jar) and a Java");
    text.add("runtime made with jlink from the JDK it was built with (runtime/; its notices are in");
    text.add("runtime/legal/). The licence and notice files that the libraries ship are in");
    text.add("licences/<artifact>/.");
    text.add("");
    text.addAll(lines);
    Files.write(out.resolve("THIRD-PARTY.txt"), text);
  }

  /** "name (url); name (url)" from the POM's licences, else from its parents' (up to 5). */
  static String licence(Path repo, Path pom) throws Exception {
    for (int depth = 0; depth < 5 && Files.isRegularFile(pom); depth++) {
      Element project = parse(pom);
      Element licences = child(project, "licenses");
      if (licences != null) {
        List<String> names = new ArrayList<>();
        for (Node n = licences.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element l && l.getTagName().equals("license")) {
            String name = text(l, "name").replaceAll("\\s+", " ");
            String url = text(l, "url");
            names.add(url.isEmpty() ? name : name + " (" + url + ")");
          }
        }
        return String.join("; ", names);
      }
      Element parent = child(project, "parent");
      if (parent == null) {
        break;
      }
      String g = text(parent, "groupId");
      String a = text(parent, "artifactId");
      String v = text(parent, "version");
      pom = repo.resolve(g.replace('.', '/')).resolve(a).resolve(v).resolve(a + "-" + v + ".pom");
    }
    return "no licence declared in its POM: see the project's site";
  }

  static void copyNotices(Path jar, Path dir) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry e : zip.stream().toList()) {
        if (!e.isDirectory() && NOTICE.matcher(e.getName()).matches()) {
          Files.createDirectories(dir);
          String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
          try (InputStream in = zip.getInputStream(e)) {
            Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }

  static Element parse(Path pom) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
  }

  static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? "" : e.getTextContent().trim();
  }
}
