#!/usr/bin/env pwsh
<#
.SYNOPSIS
Smoke test for the handbook's sample service (labs/service), in PowerShell 7.

.DESCRIPTION
The same checks as smoke-test.sh and smoke_test.py: start the service on a free port (or use
-Url), wait for /readyz, create a to-do, read it back, check that bad input gets a 400, check
/metrics, delete the to-do, stop the service. Runs on Windows, Linux and macOS.

Exit codes: 0 every check passed, 1 a check failed, 2 a missing tool or service.

.EXAMPLE
pwsh ./smoke-test.ps1

.EXAMPLE
pwsh ./smoke-test.ps1 -Url http://localhost:8080 -TimeoutSeconds 30
#>
#Requires -Version 7.4
[CmdletBinding()]
param(
    [string] $Url,
    [ValidateRange(1, 600)]
    [int] $TimeoutSeconds = 15,
    [string] $ServiceDir = (Join-Path $PSScriptRoot '..' 'service')
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'                       # cmdlet errors throw instead of scrolling by
$PSNativeCommandUseErrorActionPreference = $true      # and so do native commands that exit non-zero

$script:BaseUrl = $Url.TrimEnd('/')
$script:Headers = @{}
if ($env:API_TOKEN) { $script:Headers['Authorization'] = "Bearer $env:API_TOKEN" }

function Write-Log([string] $Message) {
    Write-Host "$(Get-Date -Format 'HH:mm:ss') smoke-test: $Message"
}

# One request; returns an object with the status code and the body, already parsed from JSON.
function Invoke-Api {
    param([string] $Method, [string] $Path, [object] $Body)
    $request = @{
        Uri                = "$script:BaseUrl$Path"
        Method             = $Method
        Headers            = $script:Headers
        TimeoutSec         = 5
        SkipHttpErrorCheck = $true       # 4xx and 5xx are answers to check, not exceptions
        StatusCodeVariable = 'status'
    }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $request.Body = $Body | ConvertTo-Json -Compress
        $request.ContentType = 'application/json'
    }
    $response = Invoke-RestMethod @request
    [pscustomobject]@{ Status = [int] $status; Body = $response }
}

function Assert-Status([int] $Expected, [object] $Response, [string] $What) {
    if ($Response.Status -ne $Expected) {
        throw "${What}: expected HTTP $Expected, got $($Response.Status): $($Response.Body | ConvertTo-Json -Compress)"
    }
    Write-Log "ok: $What (HTTP $($Response.Status))"
}

function Start-TodoService {
    $node = Get-Command -Name node -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $node) { throw [System.IO.FileNotFoundException]::new('node is not on PATH (Node.js 24 or later is needed)') }
    $server = Join-Path $ServiceDir 'src' 'server.ts'
    if (-not (Test-Path -Path $server -PathType Leaf)) { throw [System.IO.FileNotFoundException]::new("no service found in $ServiceDir") }

    $script:LogDir = New-Item -ItemType Directory -Path (Join-Path ([System.IO.Path]::GetTempPath()) "smoke-test.$PID")
    $saved = @{ PORT = $env:PORT; HOST = $env:HOST }
    try {
        # The child process inherits these; port 0 lets the operating system pick a free port.
        $env:PORT = '0'
        $env:HOST = '127.0.0.1'
        # Quoted, because Start-Process joins its arguments with spaces and would split a path.
        $process = Start-Process -FilePath $node.Source -ArgumentList ('"{0}"' -f $server) -PassThru -NoNewWindow `
            -RedirectStandardOutput (Join-Path $script:LogDir 'stdout.log') `
            -RedirectStandardError (Join-Path $script:LogDir 'stderr.log')
    }
    finally {
        $env:PORT = $saved.PORT
        $env:HOST = $saved.HOST
    }
    $null = $process.Handle   # keep a handle, or ExitCode can come back empty on Windows
    Write-Log "started the service (pid $($process.Id))"
    $process
}

function Wait-UntilReady($Process) {
    $deadline = (Get-Date).AddSeconds($TimeoutSeconds)
    while ((Get-Date) -lt $deadline) {
        if ($Process) {
            if ($Process.HasExited) { throw "the service exited during startup with code $($Process.ExitCode)" }
            if (-not $script:BaseUrl) {
                # The service logs one JSON object per line; the "listening" line names the port.
                $line = Get-Content -Path (Join-Path $script:LogDir 'stdout.log') -ErrorAction SilentlyContinue |
                    Where-Object { $_ -like '*"msg":"listening"*' } |
                    Select-Object -First 1
                if ($line) { $script:BaseUrl = "http://127.0.0.1:$(($line | ConvertFrom-Json).port)" }
            }
        }
        if ($script:BaseUrl) {
            try {
                $null = Invoke-RestMethod -Uri "$script:BaseUrl/readyz" -TimeoutSec 2
                Write-Log "ok: ready at $script:BaseUrl"
                return
            }
            catch {
                Write-Verbose "not ready yet: $($_.Exception.Message)"
            }
        }
        Start-Sleep -Milliseconds 200
    }
    throw "not ready within $TimeoutSeconds s"
}

function Stop-TodoService($Process) {
    if (-not $Process -or $Process.HasExited) { return }
    if ($IsWindows) {
        Stop-Process -Id $Process.Id -Force     # Windows has no SIGTERM to send
    }
    else {
        # -CommandType Application: the native kill program, never an alias of Stop-Process.
        $kill = Get-Command -Name kill -CommandType Application | Select-Object -First 1
        try { & $kill.Source -TERM $Process.Id } catch { Write-Verbose "kill: $($_.Exception.Message)" }
    }
    if (-not $Process.WaitForExit(10000)) {
        Write-Log 'the service ignored SIGTERM for 10 s, killing it'
        Stop-Process -Id $Process.Id -Force
        $Process.WaitForExit()
    }
}

$exitCode = 0
$service = $null
$script:LogDir = $null
try {
    if (-not $script:BaseUrl) { $service = Start-TodoService }
    Wait-UntilReady $service

    $title = "smoke test $([DateTimeOffset]::UtcNow.ToUnixTimeSeconds())"
    $created = Invoke-Api -Method Post -Path '/todos' -Body @{ title = $title }
    Assert-Status 201 $created 'POST /todos creates a to-do'
    $id = $created.Body.id

    $read = Invoke-Api -Method Get -Path "/todos/$id"
    Assert-Status 200 $read "GET /todos/$id reads it back"
    if ($read.Body.title -ne $title) { throw 'the to-do read back has a different title' }

    Assert-Status 400 (Invoke-Api -Method Post -Path '/todos' -Body @{ title = '' }) 'POST /todos refuses an empty title'

    $metrics = Invoke-Api -Method Get -Path '/metrics'
    Assert-Status 200 $metrics 'GET /metrics answers'
    if ($metrics.Body -notmatch '(?m)^http_requests_total\{method="POST",route="/todos",status="201"\} \d+') {
        throw '/metrics does not count the POST that returned 201'
    }
    if ($metrics.Body -notmatch '(?m)^todos_count ') { throw '/metrics has no todos_count gauge' }
    Write-Log 'ok: /metrics counts requests by route and status'

    Assert-Status 204 (Invoke-Api -Method Delete -Path "/todos/$id") "DELETE /todos/$id cleans up"

    if ($service) {
        Stop-TodoService $service
        if (-not $IsWindows -and $service.ExitCode -ne 0) {
            throw "the service exited with code $($service.ExitCode) after SIGTERM, expected 0"
        }
        Write-Log 'ok: the service stopped cleanly on SIGTERM'
    }
    Write-Log 'PASS: all checks passed'
}
catch [System.IO.FileNotFoundException] {
    Write-Log "FAIL: $($_.Exception.Message)"
    $exitCode = 2
}
catch {
    Write-Log "FAIL: $($_.Exception.Message)"
    $exitCode = 1
}
finally {
    # Runs after a pass, a failed check and Ctrl-C alike.
    Stop-TodoService $service
    if ($script:LogDir) {
        if ($exitCode -ne 0) {
            Write-Log 'last lines of the service log:'
            Get-Content -Path (Join-Path $script:LogDir 'stdout.log') -Tail 5 -ErrorAction SilentlyContinue
        }
        Remove-Item -Path $script:LogDir -Recurse -Force -ErrorAction SilentlyContinue
    }
}
exit $exitCode
