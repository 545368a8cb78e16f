/**
 * Ordinary content, with nothing to find: the code, configuration and prose that surround secrets
 * in real files. It holds no e-mail, IP address, host of the dictionary or dictionary term, and no
 * long digit run, so that it never needs a label.
 */
import { ALPHABET, type Random } from './random';
import { ENGLISH_COMMENTS, ENTITIES, FRENCH_PROSE, SERVICE_NAMES, VERBS, capitalize } from './words';

export type NoiseLanguage = 'ts' | 'python' | 'java' | 'go' | 'csharp' | 'php' | 'shell' | 'yaml' | 'hcl' | 'sql' | 'markdown' | 'properties';

/** A random (version 4) UUID: request ids, correlation ids, primary keys. */
export const uuid = (r: Random) =>
  `${r.chars(ALPHABET.hex, 8)}-${r.chars(ALPHABET.hex, 4)}-4${r.chars(ALPHABET.hex, 3)}-${r.pick(['8', '9', 'a', 'b'])}${r.chars(ALPHABET.hex, 3)}-${r.chars(ALPHABET.hex, 12)}`;

/** The names a snippet is written about. */
function topic(r: Random) {
  const entity = r.pick(ENTITIES);
  const verb = r.pick(VERBS);
  return { entity, Entity: capitalize(entity), verb, fn: verb + capitalize(entity), service: r.pick(SERVICE_NAMES), n: r.int(2, 9), comment: r.pick(ENGLISH_COMMENTS) };
}

const SNIPPETS: Record<NoiseLanguage, Array<(r: Random) => string>> = {
  ts: [
    (r) => {
      const t = topic(r);
      return `/** ${t.comment} */
export async function ${t.fn}s(ownerId: string, page = 1): Promise<${t.Entity}[]> {
  const response = await http.get(\`/api/v${t.n}/${t.entity}s?owner=\${ownerId}&page=\${page}\`);
  if (!response.ok) {
    throw new Error(\`Could not ${t.verb} ${t.entity}s: \${response.status}\`);
  }
  return response.data.items.map(to${t.Entity});
}
`;
    },
    (r) => {
      const t = topic(r);
      return `export interface ${t.Entity} {
  id: string;
  createdAt: Date;
  status: '${r.pick(['draft', 'pending', 'active'])}' | '${r.pick(['closed', 'archived', 'cancelled'])}';
  amount?: number;
  tags: readonly string[];
}
`;
    },
    (r) => {
      const t = topic(r);
      return `export class ${t.Entity}Service {
  private readonly cache = new Map<string, ${t.Entity}>();

  constructor(private readonly repository: ${t.Entity}Repository, private readonly logger: Logger) {}

  async ${t.verb}(id: string): Promise<${t.Entity} | undefined> {
    // ${t.comment}
    const cached = this.cache.get(id);
    if (cached) return cached;
    const found = await this.repository.findById(id);
    if (found) this.cache.set(id, found);
    this.logger.debug('${t.entity} ${t.verb}', { id, hit: Boolean(cached) });
    return found;
  }
}
`;
    },
    (r) => `export const RETRY_POLICY = { attempts: ${r.int(2, 6)}, delayMs: ${r.int(1, 20) * 50}, factor: ${r.int(2, 3)} } as const;
export const PAGE_SIZE = ${r.pick([20, 25, 50, 100])};
`,
    (r) => {
      const t = topic(r);
      return `router.${r.pick(['get', 'post', 'put'])}('/${t.entity}s/:id', requireAuth, async (req, res) => {
  const result = await ${t.fn}(req.params.id);
  res.status(result ? 200 : 404).json(result ?? { error: 'not_found' });
});
`;
    },
    (r) => {
      const t = topic(r);
      return `export const ${t.entity}Schema = z.object({
  id: z.string().uuid(),
  ownerId: z.string(),
  amount: z.number().nonnegative().max(${r.int(1, 100) * 1000}),
  currency: z.enum(['EUR', 'USD', 'GBP']),
});
export type ${t.Entity}Input = z.infer<typeof ${t.entity}Schema>;
`;
    },
    (r) => `export function formatAmount(cents: number, locale = 'fr-FR'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', minimumFractionDigits: ${r.pick([0, 2])} }).format(cents / 100);
}
`,
    (r) => {
      const t = topic(r);
      return `export enum ${t.Entity}Status {
  Draft = 'draft',
  Pending = 'pending',
  ${r.pick(['Approved', 'Validated', 'Sent'])} = '${r.pick(['approved', 'validated', 'sent'])}',
  Archived = 'archived',
}
`;
    },
  ],
  python: [
    (r) => {
      const t = topic(r);
      return `def ${t.verb}_${t.entity}s(session, owner_id: str, limit: int = ${r.pick([50, 100, 500])}) -> list[dict]:
    """${t.comment}"""
    rows = session.execute(
        select(${t.Entity}).where(${t.Entity}.owner_id == owner_id).limit(limit)
    ).scalars()
    return [row.to_dict() for row in rows]
`;
    },
    (r) => {
      const t = topic(r);
      return `class ${t.Entity}Exporter:
    def __init__(self, client, batch_size=${r.int(1, 20) * 50}):
        self.client = client
        self.batch_size = batch_size

    def run(self, items):
        for start in range(0, len(items), self.batch_size):
            batch = items[start:start + self.batch_size]
            logger.info("exporting %d ${t.entity}s", len(batch))
            self.client.post("/${t.entity}s/bulk", json=batch, timeout=${r.int(5, 60)})
`;
    },
    (r) => `LOG_LEVEL = "${r.pick(['INFO', 'DEBUG', 'WARNING'])}"
TIME_ZONE = "Europe/Paris"
LANGUAGE_CODE = "fr-fr"
MAX_UPLOAD_SIZE = ${r.int(2, 50)} * 1024 * 1024
`,
    (r) => {
      const t = topic(r);
      return `@dataclass(frozen=True)
class ${t.Entity}:
    id: int
    owner_id: int
    status: str = "pending"
    amount_cents: int = 0
    tags: tuple[str, ...] = ()
`;
    },
    (r) => {
      const t = topic(r);
      return `@router.get("/${t.entity}s/{item_id}")
async def get_${t.entity}(item_id: int, db: Session = Depends(get_db)):
    item = db.get(${t.Entity}, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="${t.entity} not found")
    return item
`;
    },
    (r) => `def read_rows(path: Path) -> Iterator[dict[str, str]]:
    # ${r.pick(ENGLISH_COMMENTS)}
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter=";")
`,
  ],
  java: [
    (r) => {
      const t = topic(r);
      return `    public List<${t.Entity}> ${t.fn}s(String ownerId) {
        // ${t.comment}
        return repository.findByOwnerId(ownerId).stream()
                .filter(${t.entity} -> ${t.entity}.getStatus() != Status.ARCHIVED)
                .sorted(Comparator.comparing(${t.Entity}::getCreatedAt))
                .collect(Collectors.toList());
    }
`;
    },
    (r) => {
      const t = topic(r);
      return `    @GetMapping("/api/v${t.n}/${t.entity}s/{id}")
    public ResponseEntity<${t.Entity}Dto> get${t.Entity}(@PathVariable Long id) {
        return service.find(id).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }
`;
    },
    (r) => `    private static final int MAX_RETRIES = ${r.int(2, 6)};
    private static final Duration TIMEOUT = Duration.ofSeconds(${r.int(5, 60)});
`,
    (r) => {
      const t = topic(r);
      return `    public record ${t.Entity}Dto(Long id, String status, BigDecimal amount, Instant createdAt) {}
`;
    },
    (r) => {
      const t = topic(r);
      return `    @Scheduled(cron = "0 ${r.int(0, 59)} ${r.int(0, 6)} * * *")
    public void ${t.verb}Stale${t.Entity}s() {
        int count = repository.deleteOlderThan(Instant.now().minus(Duration.ofDays(${r.int(7, 400)})));
        log.info("${t.verb}: {} ${t.entity}s", count);
    }
`;
    },
  ],
  go: [
    (r) => {
      const t = topic(r);
      return `// ${t.fn} ${t.comment.charAt(0).toLowerCase() + t.comment.slice(1)}
func (s *Server) ${capitalize(t.fn)}(ctx context.Context, id string) (*${t.Entity}, error) {
	ctx, cancel := context.WithTimeout(ctx, ${r.int(2, 30)}*time.Second)
	defer cancel()
	item, err := s.store.Get${t.Entity}(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("${t.verb} ${t.entity} %s: %w", id, err)
	}
	return item, nil
}
`;
    },
    (r) => {
      const t = topic(r);
      return `type ${t.Entity} struct {
	ID        string    \`json:"id"\`
	OwnerID   string    \`json:"ownerId"\`
	CreatedAt time.Time \`json:"createdAt"\`
	Amount    int64     \`json:"amount,omitempty"\`
}
`;
    },
    (r) => {
      const t = topic(r);
      return `func (h *Handler) ${capitalize(t.verb)}${t.Entity}(w http.ResponseWriter, req *http.Request) {
	id := chi.URLParam(req, "id")
	if err := h.svc.${capitalize(t.verb)}(req.Context(), id); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
`;
    },
    (r) => `type Config struct {
	Port         int           \`env:"PORT" envDefault:"${r.pick([8080, 9000])}"\`
	ReadTimeout  time.Duration \`env:"READ_TIMEOUT" envDefault:"${r.int(5, 30)}s"\`
	WorkerCount  int           \`env:"WORKERS" envDefault:"${r.int(2, 16)}"\`
}
`,
  ],
  csharp: [
    (r) => {
      const t = topic(r);
      return `        public async Task<IReadOnlyList<${t.Entity}>> ${capitalize(t.fn)}Async(Guid ownerId, CancellationToken ct)
        {
            // ${t.comment}
            return await _db.${t.Entity}s.Where(x => x.OwnerId == ownerId).OrderBy(x => x.CreatedAt).ToListAsync(ct);
        }
`;
    },
    (r) => `        private const int PageSize = ${r.pick([20, 50, 100])};
        private readonly ILogger<Worker> _logger;
`,
    (r) => {
      const t = topic(r);
      return `        public record ${t.Entity}Dto(Guid Id, string Status, decimal Amount, DateTimeOffset CreatedAt);
`;
    },
    (r) => {
      const t = topic(r);
      return `        [HttpGet("api/v${t.n}/${t.entity}s/{id:guid}")]
        public async Task<ActionResult<${t.Entity}Dto>> Get${t.Entity}(Guid id, CancellationToken ct)
        {
            var item = await _service.FindAsync(id, ct);
            return item is null ? NotFound() : Ok(item);
        }
`;
    },
  ],
  php: [
    (r) => {
      const t = topic(r);
      return `function ${t.verb}_${t.entity}s(PDO $pdo, int $ownerId): array
{
    // ${t.comment}
    $stmt = $pdo->prepare('SELECT * FROM ${t.entity}s WHERE owner_id = :owner ORDER BY created_at DESC');
    $stmt->execute(['owner' => $ownerId]);
    return $stmt->fetchAll(PDO::FETCH_ASSOC);
}
`;
    },
    (r) => {
      const t = topic(r);
      return `final class ${t.Entity}Repository
{
    public function __construct(private PDO $pdo) {}

    public function count(): int
    {
        return (int) $this->pdo->query('SELECT COUNT(*) FROM ${t.entity}s')->fetchColumn();
    }
}
`;
    },
    (r) => {
      const t = topic(r);
      return `add_action('init', function () {
    register_post_type('${t.entity}', ['public' => ${r.bool() ? 'true' : 'false'}, 'label' => '${t.Entity}s']);
});
`;
    },
  ],
  shell: [
    (r) => `set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> building ${r.pick(SERVICE_NAMES)} (\${GIT_COMMIT:-local})"
npm ci --no-audit --no-fund
npm run build
`,
    (r) => `for attempt in $(seq 1 ${r.int(3, 10)}); do
  if curl -fsS "http://localhost:${r.pick([3000, 8080, 8000])}/health" >/dev/null; then
    echo "service is up"; break
  fi
  sleep ${r.int(1, 5)}
done
`,
    (r) => {
      const service = r.pick(SERVICE_NAMES);
      return `docker build -t registry.example.com/${service}:\${VERSION} .
docker push registry.example.com/${service}:\${VERSION}
kubectl -n ${service} rollout status deploy/${service} --timeout=${r.int(60, 300)}s
`;
    },
  ],
  yaml: [
    (r) => `server:
  port: ${r.pick([8080, 3000, 8000, 9090])}
  shutdown: graceful
logging:
  level:
    root: ${r.pick(['INFO', 'WARN'])}
    fr.etech.${r.pick(SERVICE_NAMES)}: DEBUG
`,
    (r) => `cache:
  ttlSeconds: ${r.int(30, 3600)}
  maxEntries: ${r.int(1, 100) * 100}
features:
  newCheckout: ${r.bool()}
  exportPdf: ${r.bool()}
`,
    (r) => `resources:
  requests:
    cpu: ${r.int(1, 5) * 100}m
    memory: ${r.pick([256, 512, 1024])}Mi
livenessProbe:
  httpGet:
    path: /health
    port: ${r.pick([8080, 3000])}
  periodSeconds: ${r.int(5, 30)}
`,
  ],
  hcl: [
    (r) => {
      const service = r.pick(SERVICE_NAMES);
      return `resource "aws_s3_bucket" "${service}_exports" {
  bucket = "etech-${service}-exports-${r.pick(['prod', 'staging'])}"

  tags = {
    Team        = "${r.pick(['platform', 'data', 'payments'])}"
    Environment = "${r.pick(['prod', 'staging'])}"
  }
}
`;
    },
    (r) => `variable "instance_count" {
  type    = number
  default = ${r.int(1, 6)}
}
`,
    (r) => {
      const service = r.pick(SERVICE_NAMES);
      return `module "${service}_queue" {
  source  = "terraform-aws-modules/sqs/aws"
  version = "~> 4.0"
  name    = "${service}-events"
  visibility_timeout_seconds = ${r.int(30, 900)}
}
`;
    },
    (r) => `output "bucket_name" {
  value       = aws_s3_bucket.${r.pick(SERVICE_NAMES)}_exports.bucket
  description = "Where the nightly exports land."
}
`,
  ],
  sql: [
    (r) => {
      const t = topic(r);
      return `CREATE TABLE IF NOT EXISTS ${t.entity}s (
  id BIGSERIAL PRIMARY KEY,
  owner_id BIGINT NOT NULL,
  status VARCHAR(${r.pick([16, 32])}) NOT NULL DEFAULT 'pending',
  created_at TIMESTAMP NOT NULL DEFAULT now()
);
`;
    },
    (r) => {
      const t = topic(r);
      return `CREATE INDEX IF NOT EXISTS idx_${t.entity}s_owner ON ${t.entity}s (owner_id, created_at DESC);
`;
    },
  ],
  markdown: [(r) => `${r.pick(FRENCH_PROSE)} ${r.pick(FRENCH_PROSE)}\n`, (r) => `- ${r.pick(FRENCH_PROSE)}\n- ${r.pick(FRENCH_PROSE)}\n`],
  properties: [
    (r) => `server.port=${r.pick([8080, 8081, 9000])}
spring.jpa.hibernate.ddl-auto=${r.pick(['validate', 'none'])}
spring.jackson.time-zone=Europe/Paris
management.endpoints.web.exposure.include=health,info
`,
    (r) => `spring.datasource.hikari.maximum-pool-size=${r.int(5, 30)}
spring.servlet.multipart.max-file-size=${r.int(2, 50)}MB
logging.level.fr.etech=${r.pick(['INFO', 'DEBUG'])}
`,
  ],
};

/** One ordinary snippet in `language`, ending with a newline. */
export function noise(r: Random, language: NoiseLanguage): string {
  return r.pick(SNIPPETS[language])(r);
}

/**
 * Ordinary snippets in `language`, separated by blank lines, until about `bytes` characters or until
 * every kind of snippet of the language has been used once (a file does not repeat itself).
 */
export function noiseBlock(r: Random, language: NoiseLanguage, bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (const snippet of r.shuffle(SNIPPETS[language])) {
    if (size >= bytes) break;
    const text = snippet(r);
    parts.push(text);
    size += text.length + 1;
  }
  return parts.join('\n');
}
