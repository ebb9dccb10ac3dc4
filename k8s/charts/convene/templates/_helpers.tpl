{{/* ---- names and labels ------------------------------------------------------------- */}}
{{- define "convene.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "convene.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object; pass (dict "ctx" $ "component" "auth-service") */}}
{{- define "convene.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: convene
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
{{ include "convene.selectorLabels" . }}
{{- end -}}

{{- define "convene.selectorLabels" -}}
app.kubernetes.io/name: {{ include "convene.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The five apps: values key, name (component, image, object suffix) and HTTP port. */}}
{{- define "convene.apps" -}}
webUi: {name: web-ui, port: 8080}
authService: {name: auth-service, port: 8081}
roomService: {name: room-service, port: 8082}
signalingService: {name: signaling-service, port: 8083}
chatService: {name: chat-service, port: 8084}
{{- end -}}

{{/* Service host:port of an app; pass (dict "ctx" $ "key" "authService") */}}
{{- define "convene.appUrl" -}}
{{- $app := get (include "convene.apps" .ctx | fromYaml) .key -}}
{{- printf "http://%s-%s.%s.svc:%v" (include "convene.fullname" .ctx) $app.name .ctx.Release.Namespace $app.port -}}
{{- end -}}

{{/* <registry>/<repository>:<tag>; pass (dict "ctx" $ "image" .Values.apps.webUi.image) */}}
{{- define "convene.image" -}}
{{- $tag := .image.tag | default .ctx.Values.image.tag | default .ctx.Chart.AppVersion -}}
{{- if .ctx.Values.image.registry -}}
{{- printf "%s/%s:%s" .ctx.Values.image.registry .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "convene.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "convene.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "convene.publicUrl" -}}
{{- if .Values.config.publicUrl -}}
{{- .Values.config.publicUrl -}}
{{- else -}}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host -}}
{{- end -}}
{{- end -}}

{{/* ---- data stores ---------------------------------------------------------------------- */}}
{{- define "convene.postgresql.host" -}}
{{- if eq .Values.postgresql.mode "internal" -}}
{{- printf "%s-postgresql.%s.svc" (include "convene.fullname" .) .Release.Namespace -}}
{{- else -}}
{{- .Values.postgresql.host -}}
{{- end -}}
{{- end -}}

{{/* JDBC URL of one service's database; pass (dict "ctx" $ "db" .Values.apps.authService.database) */}}
{{- define "convene.jdbcUrl" -}}
{{- $pg := .ctx.Values.postgresql -}}
{{- $name := .db.name -}}
{{- $host := include "convene.postgresql.host" .ctx -}}
{{- if eq $pg.mode "internal" -}}
{{- printf "jdbc:postgresql://%s:5432/%s?sslmode=disable" $host $name -}}
{{- else -}}
{{- printf "jdbc:postgresql://%s:%v/%s?sslmode=%s" $host $pg.port $name $pg.sslMode -}}
{{- if $pg.caSecret -}}&sslrootcert=/etc/convene/secrets/db-ca/ca.crt{{- end -}}
{{- end -}}
{{- end -}}

{{- define "convene.redisUrl" -}}
{{- if eq .Values.redis.mode "internal" -}}
{{- printf "redis://%s-redis.%s.svc:6379" (include "convene.fullname" .) .Release.Namespace -}}
{{- else -}}
{{- printf "%s://%s:%v" (ternary "rediss" "redis" .Values.redis.tls) .Values.redis.host .Values.redis.port -}}
{{- end -}}
{{- end -}}

{{- define "convene.redisSecret" -}}
{{- if .Values.redis.existingSecret -}}{{ .Values.redis.existingSecret }}{{- end -}}
{{- end -}}

{{- define "convene.turnHost" -}}
{{- default (printf "turn.%s" .Values.ingress.host) .Values.coturn.host -}}
{{- end -}}

{{/* Janus API URLs: one per StatefulSet pod, addressed through the headless Service. */}}
{{- define "convene.janusUrls" -}}
{{- $full := include "convene.fullname" . -}}
{{- $urls := list -}}
{{- range $i := until (int .Values.janus.replicas) -}}
{{- $urls = append $urls (printf "ws://%s-janus-%d.%s-janus.%s.svc:%v/" $full $i $full $.Release.Namespace $.Values.janus.websocketPort) -}}
{{- end -}}
{{- join "," $urls -}}
{{- end -}}

{{/* The recordings volume's claim: the one the chart makes, the one given, or "" (no volume). */}}
{{- define "convene.recordingClaim" -}}
{{- $v := .Values.janus.recording.volume -}}
{{- if $v.create -}}{{ include "convene.fullname" . }}-recordings{{- else -}}{{ $v.claimName }}{{- end -}}
{{- end -}}

{{/* Janus' rec_dir and the processed folder: as given, else under the volume's mount, else "" (off). */}}
{{- define "convene.recordingJanusDir" -}}
{{- $r := .Values.janus.recording -}}
{{- if $r.janusDir -}}{{ $r.janusDir }}{{- else if include "convene.recordingClaim" . -}}{{ $r.volume.mountPath }}/janus{{- end -}}
{{- end -}}
{{- define "convene.recordingDir" -}}
{{- $r := .Values.janus.recording -}}
{{- if $r.dir -}}{{ $r.dir }}{{- else if include "convene.recordingClaim" . -}}{{ $r.volume.mountPath }}/processed{{- end -}}
{{- end -}}

{{/* ---- pod building blocks ------------------------------------------------------------------- */}}
{{- define "convene.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/* Quarkus health endpoints; pass the port */}}
{{- define "convene.quarkusProbes" -}}
startupProbe:
  httpGet: {path: /q/health/started, port: http}
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet: {path: /q/health/live, port: http}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /q/health/ready, port: http}
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{- define "convene.mediaNodeEnv" -}}
- name: NODE_NAME
  valueFrom:
    fieldRef: {fieldPath: spec.nodeName}
- name: POD_IP
  valueFrom:
    fieldRef: {fieldPath: status.podIP}
{{- end -}}
