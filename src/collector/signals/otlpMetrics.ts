import * as z from 'zod/mini';

/**
 * OTLP metrics (`ExportMetricsServiceRequest`, `POST /v1/metrics`) in OTLP's JSON encoding, as
 * far as the collector reads it: sums, gauges and histograms (plain and exponential) with their
 * data points. The envelope is checked for its structure only; each data point is read on its
 * own, so one malformed point is counted in the partial success and never fails the others.
 * The protobuf encoding is decoded into this same shape (`protobuf.ts`).
 */

const ValueSchema = z.object({
  stringValue: z.optional(z.string()),
  intValue: z.optional(z.union([z.string().check(z.regex(/^-?\d{1,19}$/)), z.number().check(z.int())])),
  doubleValue: z.optional(z.number()),
  boolValue: z.optional(z.boolean()),
});
const AttributesSchema = z.optional(z.array(z.object({ key: z.string().check(z.maxLength(256)), value: z.optional(ValueSchema) })).check(z.maxLength(128)));
const NanosSchema = z.optional(z.union([z.string().check(z.regex(/^\d{1,20}$/)), z.number().check(z.int(), z.minimum(0))]));
const NumberSchema = z.optional(z.union([z.number(), z.string().check(z.regex(/^-?\d{1,19}(?:\.\d+)?$/))]));

/** One data point, of any kind: `asInt`/`asDouble` for sums and gauges, `count`/`sum` for histograms. */
export const DataPointSchema = z.object({
  attributes: AttributesSchema,
  startTimeUnixNano: NanosSchema,
  timeUnixNano: NanosSchema,
  asInt: NumberSchema,
  asDouble: z.optional(z.number()),
  count: NumberSchema,
  sum: z.optional(z.number()),
});
export type DataPoint = z.infer<typeof DataPointSchema>;

const PointsSchema = z.optional(z.object({ dataPoints: z.optional(z.array(z.unknown())), aggregationTemporality: z.optional(z.union([z.number(), z.string()])) }));

export const OtlpMetricsRequestSchema = z.object({
  resourceMetrics: z.optional(
    z.array(
      z.object({
        resource: z.optional(z.object({ attributes: z.optional(z.unknown()) })),
        scopeMetrics: z.optional(
          z.array(
            z.object({
              metrics: z.optional(
                z.array(
                  z.object({
                    name: z.optional(z.string().check(z.maxLength(256))),
                    unit: z.optional(z.string()),
                    sum: PointsSchema,
                    gauge: PointsSchema,
                    histogram: PointsSchema,
                    exponentialHistogram: PointsSchema,
                  }),
                ),
              ),
            }),
          ),
        ),
      }),
    ),
  ),
});
export type OtlpMetricsRequest = z.infer<typeof OtlpMetricsRequestSchema>;

export type Attributes = ReadonlyMap<string, string | number | boolean>;

/** A data point read for mapping: its metric, attributes, times (ms) and value. */
export interface MetricPoint {
  /** The index of the point across the whole request, for the partial success's message. */
  index: number;
  metric: string;
  kind: 'sum' | 'gauge' | 'histogram';
  /** Delta points are added as they are; cumulative ones by their difference from the last. */
  temporality: 'delta' | 'cumulative';
  attributes: Attributes;
  start: number;
  time: number;
  /** The sum's or gauge's value; a histogram's sum. */
  value: number;
  /** A histogram's count of measurements (1 for sums and gauges). */
  count: number;
}

export interface ResourcePoints {
  resource: Attributes;
  points: MetricPoint[];
  rejected: Array<{ index: number; message: string }>;
}

/** A list of OTLP key-values as a Map (never an object keyed by what a client sent). */
export function attributeMap(raw: unknown): Map<string, string | number | boolean> {
  const map = new Map<string, string | number | boolean>();
  const parsed = AttributesSchema.safeParse(raw);
  if (!parsed.success) return map;
  for (const { key, value } of parsed.data ?? []) {
    if (value === undefined) continue;
    const plain = value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.doubleValue ?? value.boolValue));
    if (plain !== undefined) map.set(key, plain);
  }
  return map;
}

const millis = (nanos: string | number | undefined): number | undefined => {
  if (nanos === undefined) return undefined;
  const ms = Number(BigInt(nanos) / 1_000_000n);
  return ms > 0 ? ms : undefined;
};

/** The number of data points a request holds, counted without checking them. */
export function countDataPoints(request: OtlpMetricsRequest): number {
  let count = 0;
  for (const resource of request.resourceMetrics ?? [])
    for (const scope of resource.scopeMetrics ?? [])
      for (const metric of scope.metrics ?? []) for (const points of [metric.sum, metric.gauge, metric.histogram, metric.exponentialHistogram]) count += points?.dataPoints?.length ?? 0;
  return count;
}

/** Every data point of the request, grouped by resource. */
export function metricPoints(request: OtlpMetricsRequest): ResourcePoints[] {
  const result: ResourcePoints[] = [];
  let index = 0;
  for (const resourceMetrics of request.resourceMetrics ?? []) {
    const entry: ResourcePoints = { resource: attributeMap(resourceMetrics.resource?.attributes), points: [], rejected: [] };
    for (const scope of resourceMetrics.scopeMetrics ?? []) {
      for (const metric of scope.metrics ?? []) {
        const kinds = [
          ['sum', metric.sum],
          ['gauge', metric.gauge],
          ['histogram', metric.histogram],
          ['histogram', metric.exponentialHistogram],
        ] as const;
        for (const [kind, points] of kinds) {
          if (points === undefined) continue;
          const temporality = points.aggregationTemporality === 1 || points.aggregationTemporality === 'AGGREGATION_TEMPORALITY_DELTA' ? 'delta' : 'cumulative';
          for (const raw of points.dataPoints ?? []) {
            const at = index++;
            const point = DataPointSchema.safeParse(raw);
            if (!point.success || metric.name === undefined) {
              entry.rejected.push({ index: at, message: metric.name === undefined ? 'the metric has no name' : `${metric.name}: a data point is malformed` });
              continue;
            }
            const time = millis(point.data.timeUnixNano);
            if (time === undefined) {
              entry.rejected.push({ index: at, message: `${metric.name}: timeUnixNano is missing` });
              continue;
            }
            const value = kind === 'histogram' ? (point.data.sum ?? 0) : Number(point.data.asInt ?? point.data.asDouble ?? Number.NaN);
            if (!Number.isFinite(value)) {
              entry.rejected.push({ index: at, message: `${metric.name}: a data point has no value` });
              continue;
            }
            const count = kind === 'histogram' ? Number(point.data.count ?? 0) : 1;
            entry.points.push({
              index: at,
              metric: metric.name,
              kind,
              temporality: kind === 'gauge' ? 'delta' : temporality,
              attributes: attributeMap(point.data.attributes),
              start: millis(point.data.startTimeUnixNano) ?? 0,
              time,
              value,
              count: Number.isFinite(count) ? count : 0,
            });
          }
        }
      }
    }
    result.push(entry);
  }
  return result;
}
