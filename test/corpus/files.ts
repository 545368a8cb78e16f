/**
 * File templates: each writes one realistic file (source code, configuration, infrastructure, logs,
 * data exports, reports) mixing several kinds of labelled values with ordinary content.
 */
import { type ContentBuilder, type Fragment, f, joined, mapText, mark } from './builder';
import {
  adoNetConnectionString,
  assignment,
  azureStorageConnectionString,
  basicAuthUrl,
  connectionUrl,
  dockerConfigJson,
  GENERIC_SECRET_NAMES,
  genericSecretAssignment,
  gitRemoteWithToken,
  jdbcUrl,
  kubernetesSecretYaml,
  marked,
  namedSecretAssignments,
  serverHost,
  serviceAccountJson,
} from './contexts';
import { certificatePem } from './keys';
import { LogClock, type LogStyle, logLine } from './logs';
import { noise, noiseBlock } from './noise';
import { ALPHABET, type Random } from './random';
import {
  anthropicApiKey,
  awsAccessKeyId,
  awsSecretAccessKey,
  azureOpenAiKey,
  companyIdentifiers,
  type FakePerson,
  fakePerson,
  gcpApiKey,
  githubFineGrainedToken,
  githubToken,
  gitlabToken,
  npmToken,
  openAiApiKey,
  privateKey,
  privateKeyFormat,
  sendgridKey,
  slackToken,
  slackWebhook,
  stripeKey,
  twilioKey,
  urlPassword,
} from './values';
import { CITIES, ENTITIES, FRENCH_PROSE, SERVICE_NAMES, STREETS, VERBS, capitalize } from './words';

export interface Template {
  /** A short name, for reports and tests. */
  readonly name: string;
  /** Writes the file into `b` and gives its path (which may depend on what it wrote). */
  readonly build: (r: Random, b: ContentBuilder) => string;
}

const indent = (prefix: string, lines: readonly Fragment[]) => lines.map((line) => f`${prefix}${line}\n`);
const date = (r: Random) => `2024-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
const frenchDate = (r: Random) => `${String(r.int(1, 28)).padStart(2, '0')}/${String(r.int(1, 12)).padStart(2, '0')}/2024`;
const azureResource = (r: Random) => `etech-${r.pick(['francecentral', 'westeurope', 'swedencentral'])}-${r.digits(2)}`;

const sourceCode: Template[] = [
  {
    name: 'typescript-config',
    build(r, b) {
      const path = `src/config/${r.pick(SERVICE_NAMES)}.config.ts`;
      const project = `${r.pick(SERVICE_NAMES)}-${r.pick(['web', 'app', 'portal'])}-${r.digits(3, false)}`;
      const senderId = r.digits(12, false);
      b.line("import { initializeApp } from 'firebase/app';");
      b.line("import { http } from '../lib/http';").line();
      b.add(noise(r, 'ts')).line();
      b.line(f`// TODO(${marked.ticket(r)}): move these to the vault before the ${marked.client(r)} go-live.`);
      for (const line of namedSecretAssignments(r, 'ts', r.int(2, 4))) b.line(line);
      b.line();
      b.line('const firebaseConfig = {');
      b.line(f`  apiKey: "${mark('gcp-api-key', gcpApiKey(r))}",`);
      b.line(`  authDomain: "${project}.firebaseapp.com",`);
      b.line(`  projectId: "${project}",`);
      b.line(`  storageBucket: "${project}.appspot.com",`);
      b.line(`  messagingSenderId: "${senderId}",`);
      b.line(`  appId: "1:${senderId}:web:${r.chars(ALPHABET.hex, 22)}",`);
      b.line('};');
      b.line('export const firebase = initializeApp(firebaseConfig);').line();
      b.add(noiseBlock(r, 'ts', r.int(300, 1500))).line();
      if (r.bool(0.6)) {
        b.line('export async function askAssistant(prompt: string): Promise<unknown> {');
        b.line(`  const response = await fetch('https://${azureResource(r)}.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01', {`);
        b.line("    method: 'POST',");
        b.line(f`    headers: { 'Content-Type': 'application/json', 'api-key': '${mark('azure-openai-key', azureOpenAiKey(r))}' },`);
        b.line("    body: JSON.stringify({ messages: [{ role: 'user', content: prompt }] }),");
        b.line('  });');
        b.line('  return response.json();');
        b.line('}');
      }
      return path;
    },
  },
  {
    name: 'javascript-server',
    build(r, b) {
      const path = `${r.pick(SERVICE_NAMES)}/server.js`;
      b.line("'use strict';");
      b.line("const express = require('express');");
      b.line("const mongoose = require('mongoose');");
      b.line("const { WebClient } = require('@slack/web-api');");
      b.line("const sgMail = require('@sendgrid/mail');");
      b.line(f`const stripe = require('stripe')('${mark('stripe-key', stripeKey(r))}');`).line();
      b.line(f`const slack = new WebClient('${mark('slack-token', slackToken(r))}');`);
      b.line(f`sgMail.setApiKey('${mark('sendgrid-key', sendgridKey(r))}');`);
      b.line(f`const ALERT_WEBHOOK = '${mark('slack-webhook', slackWebhook(r))}';`).line();
      b.line(f`mongoose.connect('${connectionUrl(r, 'mongodb+srv')}');`).line();
      b.line('const app = express();');
      b.line('app.use(express.json());').line();
      b.add(noiseBlock(r, 'ts', r.int(300, 1200))).line();
      b.line("app.post('/contact', async (req, res) => {");
      b.line('  await sgMail.send({');
      b.line(f`    to: '${marked.email(r)}',`);
      b.line(f`    from: '${marked.email(r)}',`);
      b.line("    subject: 'Nouveau message du formulaire de contact',");
      b.line('    text: req.body.message,');
      b.line('  });');
      b.line("  await fetch(ALERT_WEBHOOK, { method: 'POST', body: JSON.stringify({ text: 'contact form used' }) });");
      b.line('  res.sendStatus(204);');
      b.line('});').line();
      b.line('app.listen(process.env.PORT || 3000);');
      return path;
    },
  },
  {
    name: 'python-django-settings',
    build(r, b) {
      const path = `${r.pick(SERVICE_NAMES)}/settings/production.py`;
      b.line('from .base import *  # noqa: F401,F403').line();
      b.line('DEBUG = False');
      b.line(f`SECRET_KEY = '${marked.secret(r)}'`);
      b.line(f`ALLOWED_HOSTS = ['${marked.host(r)}', '${marked.ipv4(r)}']`).line();
      b.line('DATABASES = {');
      b.line("    'default': {");
      b.line("        'ENGINE': 'django.db.backends.postgresql',");
      b.line(`        'NAME': '${r.pick(SERVICE_NAMES)}',`);
      b.line("        'USER': 'app',");
      b.line(f`        'PASSWORD': '${marked.secret(r)}',`);
      b.line(f`        'HOST': '${serverHost(r, 'postgres')}',`);
      b.line("        'PORT': '5432',");
      b.line('    }');
      b.line('}');
      b.line(f`CACHES = {'default': {'BACKEND': 'django_redis.cache.RedisCache', 'LOCATION': '${connectionUrl(r, 'redis')}'}}`).line();
      b.line("EMAIL_HOST = 'smtp.office365.com'");
      b.line(f`EMAIL_HOST_USER = '${marked.email(r)}'`);
      b.line(f`EMAIL_HOST_PASSWORD = '${marked.secret(r)}'`);
      b.line(f`ADMINS = [('${marked.person(r)}', '${marked.email(r)}')]`).line();
      for (const line of namedSecretAssignments(r, 'python', r.int(1, 3))) b.line(line);
      b.line();
      b.add(noiseBlock(r, 'python', r.int(200, 1000)));
      return path;
    },
  },
  {
    name: 'python-ai-script',
    build(r, b) {
      const path = `scripts/${r.pick(VERBS)}_${r.pick(ENTITIES)}s.py`;
      b.line('import os').line();
      b.line('import anthropic');
      b.line('from openai import AzureOpenAI, OpenAI').line();
      b.line(f`# Résumé des tickets du client ${marked.client(r)} pour le projet ${marked.codename(r)}.`);
      b.line(f`claude = anthropic.Anthropic(api_key="${mark('anthropic-api-key', anthropicApiKey(r))}")`);
      b.line('azure = AzureOpenAI(');
      b.line(f`    api_key="${mark('azure-openai-key', azureOpenAiKey(r))}",`);
      b.line('    api_version="2024-02-01",');
      b.line(`    azure_endpoint="https://${azureResource(r)}.openai.azure.com/",`);
      b.line(')');
      b.line(f`openai_client = OpenAI(api_key=os.environ.get("OPENAI_API_KEY", "${mark('openai-api-key', openAiApiKey(r))}"))`).line();
      b.line('PROMPT = """Tu es un assistant du support. Résume les échanges suivants en trois points,');
      b.line(f`sans citer les données personnelles. Interlocuteur côté client : ${marked.person(r)}."""`).line();
      b.add(noiseBlock(r, 'python', r.int(300, 1500)));
      return path;
    },
  },
  {
    name: 'java-gateway',
    build(r, b) {
      const service = r.pick(SERVICE_NAMES);
      const entity = capitalize(r.pick(ENTITIES));
      const path = `src/main/java/fr/etech/${service}/${entity}Gateway.java`;
      b.line(`package fr.etech.${service};`).line();
      b.line('import com.twilio.Twilio;');
      b.line('import com.twilio.rest.api.v2010.account.Message;');
      b.line('import com.twilio.type.PhoneNumber;');
      b.line('import java.time.Duration;');
      b.line('import java.util.*;');
      b.line('import java.util.stream.Collectors;').line();
      b.line('/**');
      b.line(f` * Passerelle des notifications ${entity.toLowerCase()}. Responsable : ${marked.person(r)}.`);
      b.line(' */');
      b.line(`public class ${entity}Gateway {`);
      b.line(f`    private static final String TWILIO_API_KEY = "${mark('twilio-key', twilioKey(r))}";`);
      b.line(f`    private static final String TWILIO_ACCOUNT_SID = "AC${r.chars(ALPHABET.hex, 32)}";`);
      b.line(f`    private static final String PASSWORD = "${marked.secret(r)}";`);
      b.line(f`    private static final String JDBC_URL = "${jdbcUrl(r)}";`);
      b.line(f`    ${assignment(r, 'java', r.pick(GENERIC_SECRET_NAMES.filter((words) => words.length > 1)), marked.secret(r))}`).line();
      b.add(noiseBlock(r, 'java', r.int(400, 1500))).line();
      b.line('    public void notify(String to, String body) {');
      b.line(f`        Message.creator(new PhoneNumber(to), new PhoneNumber("${marked.phone(r)}"), body).create();`);
      b.line('    }');
      b.line('}');
      return path;
    },
  },
  {
    name: 'go-worker',
    build(r, b) {
      const path = `cmd/${r.pick(SERVICE_NAMES)}-worker/main.go`;
      b.line('package main').line();
      b.line('import (');
      for (const pkg of ['context', 'database/sql', 'fmt', 'log', 'os', 'time', '', 'github.com/google/go-github/v60/github', 'github.com/xanzy/go-gitlab']) b.line(pkg ? `\t"${pkg}"` : '');
      b.line(')').line();
      b.line(f`const githubToken = "${mark('github-token', githubToken(r))}"`).line();
      b.line('func main() {');
      b.line(f`\tdb, err := sql.Open("postgres", "${connectionUrl(r, 'postgres')}")`);
      b.line('\tif err != nil {');
      b.line('\t\tlog.Fatal(err)');
      b.line('\t}');
      b.line('\tdefer db.Close()');
      b.line(f`\tgh := github.NewClient(nil).WithAuthToken("${mark('github-fine-grained-token', githubFineGrainedToken(r))}")`);
      b.line(f`\tgl, _ := gitlab.NewClient("${mark('gitlab-token', gitlabToken(r))}", gitlab.WithBaseURL("https://${marked.host(r)}/api/v4"))`);
      b.line('\tfmt.Println(gh != nil, gl != nil, os.Getenv("APP_ENV"))');
      b.line('}').line();
      b.add(noiseBlock(r, 'go', r.int(300, 1500)));
      return path;
    },
  },
  {
    name: 'csharp-program',
    build(r, b) {
      const path = `src/Etech.${capitalize(r.pick(SERVICE_NAMES))}.Api/Program.cs`;
      b.line('using Azure.Storage.Blobs;');
      b.line('using Microsoft.Data.SqlClient;');
      b.line('using SendGrid;').line();
      b.line('var builder = WebApplication.CreateBuilder(args);');
      b.line(f`const string StorageConnection = "${azureStorageConnectionString(r)}";`);
      b.line(f`var sqlConnection = "${adoNetConnectionString(r)}";`);
      b.line(f`var sendGrid = new SendGridClient("${mark('sendgrid-key', sendgridKey(r))}");`);
      b.line(genericSecretAssignment(r, 'csharp'));
      b.line('builder.Services.AddSingleton(new BlobServiceClient(StorageConnection));');
      b.line('var app = builder.Build();').line();
      b.add(noiseBlock(r, 'csharp', r.int(300, 1200))).line();
      b.line('app.Run();');
      return path;
    },
  },
  {
    name: 'php-wp-config',
    build(r, b) {
      const path = 'wp-config.php';
      b.line('<?php');
      b.line("define( 'DB_NAME', 'wordpress' );");
      b.line("define( 'DB_USER', 'wp_user' );");
      b.line(f`define( 'DB_PASSWORD', '${marked.secret(r)}' );`);
      b.line(f`define( 'DB_HOST', '${r.bool() ? marked.host(r) : marked.ipv4(r)}' );`);
      b.line("define( 'DB_CHARSET', 'utf8mb4' );").line();
      for (const salt of ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY']) b.line(f`define( '${salt}', '${marked.secret(r)}' );`);
      b.line();
      b.line(genericSecretAssignment(r, 'php'));
      b.line("$table_prefix = 'wp_';").line();
      b.add(noiseBlock(r, 'php', r.int(200, 800)));
      return path;
    },
  },
  {
    name: 'jupyter-notebook',
    build(r, b) {
      const path = `notebooks/analyse_${r.pick(ENTITIES)}s.ipynb`;
      // Notebook sources are JSON strings: the text is escaped, the labelled values need no escaping.
      const cell = (type: 'code' | 'markdown', lines: Fragment[]) =>
        f`  {\n   "cell_type": "${type}",\n   "metadata": {},\n${type === 'code' ? '   "execution_count": null,\n   "outputs": [],\n' : ''}   "source": [\n${joined(
          lines.map((line, i) => f`    "${mapText(line, (t) => JSON.stringify(t).slice(1, -1))}${i < lines.length - 1 ? '\\n' : ''}"`),
          ',\n',
        )}\n   ]\n  }`;
      const cells = [
        cell('markdown', [f`# Analyse des ${r.pick(ENTITIES)}s — ${marked.client(r)}`, '', r.pick(FRENCH_PROSE)]),
        cell('code', [
          'import pandas as pd',
          'import openai',
          '',
          f`openai.api_key = "${mark('openai-api-key', openAiApiKey(r))}"`,
          f`df = pd.read_sql("SELECT * FROM ventes", "${connectionUrl(r, 'postgresql')}")`,
        ]),
        cell('code', ['df.groupby("region")["montant"].sum().plot(kind="bar")']),
      ];
      b.line(
        f`{\n "cells": [\n${joined(cells, ',\n')}\n ],\n "metadata": {\n  "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}\n },\n "nbformat": 4,\n "nbformat_minor": 5\n}`,
      );
      return path;
    },
  },
];

const configuration: Template[] = [
  {
    name: 'dotenv',
    build(r, b) {
      const path = r.pick(['.env', '.env.production', 'config/.env.local', `${r.pick(SERVICE_NAMES)}/.env`]);
      b.line(`# ${r.pick(SERVICE_NAMES)} — ${r.pick(['production', 'recette', 'staging'])}`);
      b.line('NODE_ENV=production')
        .line(`PORT=${r.pick([3000, 8080, 8000])}`)
        .line(`LOG_LEVEL=${r.pick(['info', 'warn'])}`)
        .line();
      for (const line of namedSecretAssignments(r, 'env', r.int(5, 10))) b.line(line);
      b.line(f`SMTP_USER=${marked.email(r)}`);
      if (r.bool(0.4)) b.line(f`SUPPORT_PHONE="${marked.phone(r)}"`);
      if (r.bool(0.3)) b.line(f`JWT_PRIVATE_KEY="${mark('private-key', privateKey(r).replace(/\n/g, '\\n'))}"`);
      if (r.bool(0.5)) b.line(f`INTERNAL_API_HOST=${marked.host(r)}`);
      b.line('FEATURE_NEW_CHECKOUT=true');
      return path;
    },
  },
  {
    name: 'yaml-application',
    build(r, b) {
      const path = r.pick(['src/main/resources/application-prod.yml', 'config/application.yaml', `deploy/${r.pick(SERVICE_NAMES)}/config.yml`]);
      b.line('spring:').line('  datasource:');
      b.line(`    url: jdbc:postgresql://${r.pick(['postgres', 'db'])}:5432/${r.pick(SERVICE_NAMES)}`);
      b.line('    username: app');
      b.line(f`    password: ${marked.secret(r)}`);
      b.line('  mail:').line('    host: smtp.office365.com');
      b.line(f`    username: ${marked.email(r)}`);
      b.line(f`    password: "${marked.secret(r)}"`);
      b.line('app:').line('  security:').line('    jwt:');
      b.line(f`      secret: ${marked.secret(r)}`);
      b.line('      expiration: 3600');
      b.line('  integrations:');
      b.add(indent('    ', namedSecretAssignments(r, 'yaml', r.int(2, 4))));
      b.add(noise(r, 'yaml'));
      return path;
    },
  },
  {
    name: 'docker-compose',
    build(r, b) {
      const path = r.pick(['docker-compose.yml', 'compose.yaml', 'docker-compose.prod.yml']);
      b.line('services:').line('  db:').line('    image: postgres:16-alpine').line('    environment:');
      b.line('      POSTGRES_USER: app');
      b.line(f`      POSTGRES_PASSWORD: ${marked.secret(r)}`);
      b.line(`      POSTGRES_DB: ${r.pick(SERVICE_NAMES)}`);
      b.line('    ports:').line('      - "5432:5432"');
      b.line('    networks:').line('      backend:');
      b.line(f`        ipv4_address: ${marked.ipv4(r)}`);
      if (r.bool(0.4)) b.line(f`        ipv6_address: ${marked.ipv6(r)}`);
      b.line('  redis:').line('    image: redis:7');
      b.line(f`    command: redis-server --requirepass ${marked.secret(r)}`);
      b.line('  api:').line('    build: .').line('    depends_on: [db, redis]').line('    environment:');
      b.line(f`      - DATABASE_URL=${connectionUrl(r, 'postgres')}`);
      b.add(indent('      - ', namedSecretAssignments(r, 'compose', r.int(2, 4))));
      b.line('    extra_hosts:');
      b.line(f`      - "${marked.host(r)}:${marked.ipv4(r)}"`);
      b.line('networks:').line('  backend:').line('    driver: bridge');
      return path;
    },
  },
  {
    name: 'kubernetes-secret',
    build(r, b) {
      const path = `k8s/${r.pick(SERVICE_NAMES)}/secret.yaml`;
      const app = r.pick(SERVICE_NAMES);
      b.add(kubernetesSecretYaml(r));
      b.line('---').line('apiVersion: apps/v1').line('kind: Deployment').line('metadata:').line(`  name: ${app}`);
      b.line('spec:')
        .line(`  replicas: ${r.int(1, 4)}`)
        .line('  template:')
        .line('    spec:')
        .line('      containers:');
      b.line(`        - name: ${app}`).line(`          image: registry.example.com/${app}:${r.int(1, 3)}.${r.int(0, 20)}.${r.int(0, 9)}`);
      b.line('          envFrom:').line('            - secretRef:').line(`                name: ${app}-credentials`);
      return path;
    },
  },
  {
    name: 'helm-values-tls',
    build(r, b) {
      const path = `charts/${r.pick(SERVICE_NAMES)}/values-prod.yaml`;
      b.line('replicaCount: 2').line('ingress:').line('  enabled: true').line('  hosts:');
      b.line(f`    - host: ${marked.host(r)}`);
      b.line('  tls:').line('    key: |');
      // A block scalar indents every line of the key; the label spans the indented block.
      b.line(f`      ${mark('private-key', privateKey(r).replace(/\n/g, '\n      '))}`);
      b.line('    crt: |');
      b.line(`      ${certificatePem(r).replace(/\n/g, '\n      ')}`);
      b.line('env:');
      b.add(indent('  ', namedSecretAssignments(r, 'yaml', r.int(2, 3))));
      return path;
    },
  },
  {
    name: 'json-appsettings',
    build(r, b) {
      const path = r.pick(['appsettings.Production.json', 'config/production.json', `config/${r.pick(SERVICE_NAMES)}.json`]);
      b.line('{');
      b.line('  "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } },');
      b.line(f`  "ConnectionStrings": { "DefaultConnection": "${adoNetConnectionString(r)}" },`);
      b.line(f`  "Smtp": { "Host": "smtp.office365.com", "User": "${marked.email(r)}", "Password": "${marked.secret(r)}" },`);
      b.line('  "Integrations": {');
      b.line(
        joined(
          namedSecretAssignments(r, 'json', r.int(2, 5)).map((line) => f`    ${line}`),
          ',\n',
        ),
      );
      b.line('  },');
      b.line(f`  "Support": { "Phone": "${marked.phone(r)}", "Owner": "${marked.person(r)}" },`);
      if (r.bool()) b.line(f`  "AzureOpenAI": { "Endpoint": "https://${azureResource(r)}.openai.azure.com/", "api-key": "${mark('azure-openai-key', azureOpenAiKey(r))}" },`);
      b.line('  "AllowedHosts": "*"');
      b.line('}');
      return path;
    },
  },
  {
    name: 'gcp-service-account',
    build(r, b) {
      const path = r.pick(['secrets/service-account.json', `keys/${r.pick(SERVICE_NAMES)}-sa.json`, 'gcp-credentials.json']);
      b.add(serviceAccountJson(r));
      return path;
    },
  },
  {
    name: 'docker-config',
    build(r, b) {
      const path = '.docker/config.json';
      b.add(dockerConfigJson(r));
      return path;
    },
  },
  {
    name: 'java-properties',
    build(r, b) {
      const path = 'src/main/resources/application.properties';
      b.line(`# ${r.pick(SERVICE_NAMES)}`);
      b.line(f`spring.datasource.url=${jdbcUrl(r)}`);
      b.line('spring.datasource.username=app');
      b.line(f`spring.datasource.password=${marked.secret(r)}`);
      b.line(f`app.partner.base-url=${basicAuthUrl(r)}`);
      for (const line of namedSecretAssignments(r, 'properties', r.int(2, 3))) b.line(line);
      b.line(genericSecretAssignment(r, 'properties'));
      b.add(noise(r, 'properties'));
      return path;
    },
  },
  {
    name: 'maven-settings',
    build(r, b) {
      const path = '.m2/settings.xml';
      b.line('<?xml version="1.0" encoding="UTF-8"?>');
      b.line('<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">').line('  <servers>');
      for (const id of r.sample(['etech-releases', 'etech-snapshots', 'central-mirror'], r.int(1, 2))) {
        b.line('    <server>').line(`      <id>${id}</id>`).line('      <username>deploy</username>');
        b.line(f`      <password>${marked.secret(r)}</password>`).line('    </server>');
      }
      b.line('  </servers>').line('  <mirrors>').line('    <mirror>').line('      <id>internal</id>');
      b.line(f`      <url>${basicAuthUrl(r)}</url>`);
      b.line('      <mirrorOf>*</mirrorOf>').line('    </mirror>').line('  </mirrors>').line('</settings>');
      return path;
    },
  },
  {
    name: 'aws-credentials',
    build(r, b) {
      const path = '.aws/credentials';
      for (const profile of ['default', ...r.sample(SERVICE_NAMES, r.int(0, 2)).map((s) => `${s}-prod`)]) {
        b.line(`[${profile}]`);
        b.line(f`aws_access_key_id = ${mark('aws-access-key-id', awsAccessKeyId(r))}`);
        b.line(f`aws_secret_access_key = ${mark('aws-secret-access-key', awsSecretAccessKey(r))}`);
        b.line('region = eu-west-3').line();
      }
      return path;
    },
  },
  {
    name: 'npmrc',
    build(r, b) {
      const path = '.npmrc';
      const project = r.digits(8, false);
      b.line('registry=https://registry.npmjs.org/');
      b.line(f`//registry.npmjs.org/:_authToken=${mark('npm-token', npmToken(r))}`);
      b.line(`@etech:registry=https://gitlab.com/api/v4/projects/${project}/packages/npm/`);
      b.line(f`//gitlab.com/api/v4/projects/${project}/packages/npm/:_authToken=${mark('gitlab-token', gitlabToken(r))}`);
      b.line('always-auth=true');
      return path;
    },
  },
  {
    name: 'private-key-file',
    build(r, b) {
      const format = privateKeyFormat(r);
      b.line(mark('private-key', privateKey(r, format)));
      // Named as ssh-keygen and openssl users name them.
      return format === 'openssh' ? r.pick(['.ssh/id_ed25519', 'deploy/id_ed25519', 'keys/ci_deploy_key']) : r.pick(['certs/server.key', 'keys/jwt-signing-key.pem', 'ssl/private.pem']);
    },
  },
];

const infrastructure: Template[] = [
  {
    name: 'terraform',
    build(r, b) {
      const path = r.pick(['infra/main.tf', 'terraform/providers.tf', `infra/${r.pick(SERVICE_NAMES)}.tf`]);
      b.line('terraform {').line('  required_providers {').line('    aws = { source = "hashicorp/aws", version = "~> 5.0" }').line('  }').line('}').line();
      b.line('provider "aws" {').line('  region     = "eu-west-3"');
      b.line(f`  access_key = "${mark('aws-access-key-id', awsAccessKeyId(r))}"`);
      b.line(f`  secret_key = "${mark('aws-secret-access-key', awsSecretAccessKey(r))}"`);
      b.line('}').line();
      b.line('provider "gitlab" {');
      b.line(f`  token = "${mark('gitlab-token', gitlabToken(r))}"`);
      b.line('}').line();
      b.line('provider "vault" {');
      b.line(f`  address = "https://${marked.host(r)}:8200"`);
      b.line(f`  token   = "${marked.secret(r)}"`);
      b.line('}').line();
      b.line('resource "aws_db_instance" "main" {')
        .line(`  identifier        = "${r.pick(SERVICE_NAMES)}-prod"`)
        .line('  engine            = "postgres"');
      b.line('  instance_class    = "db.t3.medium"').line('  username          = "app"');
      b.line(f`  password          = "${marked.secret(r)}"`)
        .line('}')
        .line();
      b.line('variable "api_token" {').line('  type      = string').line('  sensitive = true');
      b.line(f`  default   = "${marked.secret(r)}"`)
        .line('}')
        .line();
      b.add(noiseBlock(r, 'hcl', r.int(200, 800)));
      return path;
    },
  },
  {
    name: 'shell-deploy',
    build(r, b) {
      const path = `scripts/deploy-${r.pick(SERVICE_NAMES)}.sh`;
      const service = r.pick(SERVICE_NAMES);
      b.line('#!/usr/bin/env bash');
      b.add(noise(r, 'shell')).line();
      b.line(f`export AUTH_TOKEN='${marked.secret(r)}'`);
      for (const line of namedSecretAssignments(r, 'shell', r.int(1, 3))) b.line(line);
      b.line();
      b.line(f`git clone ${gitRemoteWithToken(r)} /tmp/build`);
      b.line(f`curl -fsS -H "Authorization: Bearer ${marked.jwt(r)}" https://api.example.com/v1/deployments -d '{"service":"${service}"}'`);
      b.line(f`curl -fsS -u "deploy:${mark('basic-auth-password', urlPassword(r))}" https://nexus.example.org/service/rest/v1/components`);
      b.line(f`mysql -h ${marked.host(r)} -u root -p'${marked.secret(r)}' ${service} < db/schema.sql`);
      b.line(f`scp dist/${service}.tar.gz ${marked.ipv4(r)}:/opt/${service}/`);
      b.line(f`ssh -l deploy ${marked.host(r)} 'sudo systemctl restart ${service}'`);
      b.line(f`curl -X POST -H 'Content-type: application/json' --data '{"text":"Déploiement ${marked.codename(r)} terminé"}' ${mark('slack-webhook', slackWebhook(r))}`);
      b.add(noise(r, 'shell'));
      return path;
    },
  },
  {
    name: 'github-actions',
    build(r, b) {
      const path = '.github/workflows/deploy.yml';
      b.line('name: Deploy').line('on:').line('  push:').line('    branches: [main]').line('env:').line('  NODE_VERSION: 20');
      b.line(f`  SLACK_WEBHOOK_URL: ${mark('slack-webhook', slackWebhook(r))}`);
      b.line('jobs:').line('  deploy:').line('    runs-on: ubuntu-latest').line('    steps:').line('      - uses: actions/checkout@v4');
      b.line('      - run: npm ci').line('        env:').line('          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}');
      b.line('      - run: ./scripts/deploy.sh').line('        env:');
      b.line(f`          GH_TOKEN: ${mark('github-token', githubToken(r))}`);
      b.line('          DB_PASSWORD: ${{ secrets.DB_PASSWORD }}');
      b.line(f`          ${assignment(r, 'yaml', ['deploy', 'key'], marked.secret(r))}`);
      return path;
    },
  },
  {
    name: 'http-requests',
    build(r, b) {
      const path = `api/${r.pick(SERVICE_NAMES)}.http`;
      b.line('@baseUrl = https://api.example.com').line();
      b.line('### Liste des factures').line('GET {{baseUrl}}/v2/invoices?page=1');
      b.line(f`Authorization: Bearer ${marked.jwt(r)}`)
        .line('Accept: application/json')
        .line();
      b.line("### Création d'un client").line('POST {{baseUrl}}/v2/customers').line('Content-Type: application/json');
      b.line(f`x-api-key: ${marked.secret(r)}`).line();
      b.line('{');
      b.line(f`  "name": "${marked.client(r)}",`);
      b.line(f`  "email": "${marked.email(r)}",`);
      b.line(f`  "phone": "${marked.phone(r)}",`);
      b.line(f`  "iban": "${marked.iban(r)}",`);
      b.line(f`  "siret": "${marked.siret(r)}"`);
      b.line('}').line();
      b.line('### Résumé par Azure OpenAI');
      b.line(`POST https://${azureResource(r)}.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-06-01`);
      b.line(f`api-key: ${mark('azure-openai-key', azureOpenAiKey(r))}`)
        .line('Content-Type: application/json')
        .line();
      b.line('{ "messages": [{ "role": "user", "content": "Résume le dernier échange." }] }');
      return path;
    },
  },
];

const birthDate = (p: FakePerson) => `${String(p.birth.day).padStart(2, '0')}/${String(p.birth.month).padStart(2, '0')}/${p.birth.year}`;
const isoBirthDate = (p: FakePerson) => `${p.birth.year}-${String(p.birth.month).padStart(2, '0')}-${String(p.birth.day).padStart(2, '0')}`;
/** Corsica's departments (2A, 2B) share the postcodes 20xxx. */
const postcode = (r: Random, department: string) => (/^2[AB]$/.test(department) ? '20' : department) + r.digits(3);
const companyName = (r: Random): Fragment =>
  r.bool(0.3) ? marked.client(r) : `${r.pick(['SAS', 'SARL', 'SA', 'EURL'])} ${r.pick(['Orbelia', 'Vintal', 'Pellerin Logistique', 'Atelier Numérique', 'Boulangerie Morel', 'Garage Besnard'])}`;
const amount = (r: Random) => `${r.int(5, 4999)},${r.digits(2)}`;

const data: Template[] = [
  {
    name: 'csv-export',
    build(r, b) {
      const variant = r.pick(['particuliers', 'entreprises', 'paiements'] as const);
      const path = `exports/${variant}_${date(r)}.csv`;
      const separator = r.pick([';', ',']);
      const row = (cells: readonly Fragment[]) => b.line(joined(cells, separator));
      const rows = r.int(15, 60);
      const spacedIban = r.bool();
      if (variant === 'particuliers') {
        row(['nom', 'prenom', 'email', 'telephone', 'date_naissance', 'iban', 'nir', 'adresse', 'code_postal', 'ville', 'conseiller']);
        for (let i = 0; i < rows; i++) {
          const p = fakePerson(r);
          const [city, department] = r.pick(CITIES);
          row([
            p.lastName,
            p.firstName,
            marked.email(r, p),
            marked.phone(r),
            birthDate(p),
            marked.iban(r, spacedIban),
            marked.nir(r, p),
            `${r.int(1, 120)} ${r.pick(STREETS)}`,
            postcode(r, department),
            city,
            marked.person(r),
          ]);
        }
      } else if (variant === 'entreprises') {
        row(['raison_sociale', 'siren', 'siret', 'contact', 'email', 'telephone', 'iban']);
        for (let i = 0; i < rows; i++) {
          const ids = companyIdentifiers(r);
          const p = fakePerson(r);
          row([companyName(r), mark('siren', ids.siren), mark('siret', ids.siret), `${p.firstName} ${p.lastName}`, marked.email(r, p), marked.phone(r), marked.iban(r, spacedIban)]);
        }
      } else {
        row(['date', 'montant', 'devise', 'carte', 'titulaire', 'email']);
        for (let i = 0; i < rows; i++) {
          const p = fakePerson(r);
          row([frenchDate(r), separator === ';' ? amount(r) : `"${amount(r)}"`, 'EUR', marked.card(r), `${p.firstName} ${p.lastName}`, marked.email(r, p)]);
        }
      }
      return path;
    },
  },
  {
    name: 'sql-dump',
    build(r, b) {
      const path = `db/seeds/${r.pick(['clients', 'export_rgpd', 'recette'])}_${date(r)}.sql`;
      const spacedIban = r.bool();
      const quoted = (text: Fragment) => f`'${typeof text === 'string' ? text.replace(/'/g, "''") : text}'`;
      b.line(f`-- Export des données du client ${marked.client(r)}, généré le ${date(r)}`);
      b.add(noise(r, 'sql')).line();
      b.line('INSERT INTO clients (id, nom, prenom, email, telephone, iban, nir, date_naissance) VALUES');
      const count = r.int(10, 40);
      for (let i = 1; i <= count; i++) {
        const p = fakePerson(r);
        const cells = [
          String(i),
          quoted(p.lastName),
          quoted(p.firstName),
          quoted(marked.email(r, p)),
          quoted(marked.phone(r)),
          quoted(marked.iban(r, spacedIban)),
          quoted(marked.nir(r, p)),
          quoted(isoBirthDate(p)),
        ];
        b.line(f`  (${joined(cells, ', ')})${i === count ? ';' : ','}`);
      }
      b.line().line('INSERT INTO paiements (id, client_id, carte, montant, cree_le) VALUES');
      for (let i = 1; i <= count; i++) {
        b.line(
          f`  (${i}, ${r.int(1, count)}, ${quoted(marked.card(r))}, ${r.int(5, 4999)}.${r.digits(2)}, '${date(r)} ${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00')${i === count ? ';' : ','}`,
        );
      }
      b.line().line('INSERT INTO fournisseurs (id, raison_sociale, siren, siret) VALUES');
      const suppliers = r.int(3, 10);
      for (let i = 1; i <= suppliers; i++) {
        const ids = companyIdentifiers(r);
        b.line(f`  (${i}, ${quoted(companyName(r))}, ${quoted(mark('siren', ids.siren))}, ${quoted(mark('siret', ids.siret))})${i === suppliers ? ';' : ','}`);
      }
      return path;
    },
  },
  {
    name: 'incident-report',
    build(r, b) {
      const incidentId = `INC-2024-${r.digits(4)}`;
      const path = `docs/incidents/${incidentId}.md`;
      const day = frenchDate(r);
      const author = marked.person(r);
      b.line(`# Rapport d'incident ${incidentId} — ${r.pick(['fuite de secrets dans un dépôt', 'exposition de données personnelles', 'accès non autorisé'])}`).line();
      b.line('| | |').line('|---|---|');
      b.line(`| **Date** | ${day} |`);
      b.line(f`| **Client** | ${marked.client(r)} |`);
      b.line(f`| **Projet** | ${marked.codename(r)} |`);
      b.line(f`| **Rédacteur** | ${author} |`);
      b.line(`| **Gravité** | ${r.pick(['Haute', 'Moyenne', 'Critique'])} |`).line();
      b.line('## Résumé').line();
      b.line(f`Le ${day}, ${marked.person(r)} a signalé qu'un jeton (${mark('github-token', githubToken(r))}) avait été poussé sur la branche \`${marked.branch(r)}\`. ${r.pick(FRENCH_PROSE)}`).line();
      b.line('## Chronologie').line();
      b.line(f`- 09:${r.int(10, 59)} — alerte reçue ; première connexion suspecte depuis ${marked.ipv4(r)}${r.bool() ? f` puis ${marked.ipv6(r)}` : ''}.`);
      b.line(f`- 10:${r.int(10, 59)} — ${marked.person(r)} joint l'astreinte au ${marked.phone(r)}.`);
      b.line(f`- 11:${r.int(10, 59)} — vérification des accès sur ${marked.host(r)} ; ${r.pick(FRENCH_PROSE).toLowerCase()}`);
      b.line(f`- 14:${r.int(10, 59)} — le client est prévenu par courriel (${marked.email(r)}).`).line();
      b.line('## Personnes contactées').line();
      b.line('| Nom | Rôle | Téléphone | E-mail |').line('|---|---|---|---|');
      for (let i = r.int(2, 4); i > 0; i--) {
        b.line(f`| ${marked.person(r)} | ${r.pick(['RSSI', 'DPO', 'Chef de projet', 'Astreinte', 'Directrice technique'])} | ${marked.phone(r)} | ${marked.email(r)} |`);
      }
      b.line().line('## Extrait du fichier exposé').line().line('```env');
      for (const line of namedSecretAssignments(r, 'env', r.int(2, 4))) b.line(line);
      b.line('```').line();
      if (r.bool(0.5)) {
        b.line(f`Un export contenant des données clients a aussi été copié : IBAN ${marked.iban(r)}, NIR ${marked.nir(r)}, SIRET ${marked.siret(r)}.`).line();
      }
      b.line('## Actions correctives').line();
      b.add(noise(r, 'markdown'));
      b.line(f`- Rotation de tous les secrets du projet ${marked.codename(r)}.`);
      b.line(f`- Point de suivi avec ${author} le ${frenchDate(r)}.`);
      return path;
    },
  },
  {
    name: 'application-log',
    build(r, b) {
      const path = `logs/${r.pick(SERVICE_NAMES)}-${date(r)}.log`;
      const style = r.pick<LogStyle>(['logback', 'json', 'python', 'nginx']);
      const clock = new LogClock(r);
      for (let i = r.int(40, 160); i > 0; i--) b.add(logLine(r, style, clock, 0.15));
      return path;
    },
  },
];

/** Every template; the corpus cycles through all of them so each appears in any sizeable corpus. */
export const TEMPLATES: readonly Template[] = [...sourceCode, ...configuration, ...infrastructure, ...data];
