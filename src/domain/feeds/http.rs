//! HTTP for feeds and pages: ureq (blocking, so it runs on plain worker threads) with rustls.
//!
//! Redirects are followed here, not by ureq, to know whether every hop was permanent (a 301
//! or 308 moves the subscription) and to stop at the configured count. Bodies are read
//! through a counting limit after decompression (gzip and brotli by ureq, deflate here), so a
//! 300 MB answer or a gzip bomb costs at most the cap; the whole request, redirects and body
//! included, has one deadline.

use std::io::Read;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use url::Url;

/// Limits and identity of the HTTP client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpOptions {
    pub connect_timeout: Duration,
    /// For one whole feed: connection, redirects and body.
    pub timeout: Duration,
    /// Largest body accepted, after decompression, in bytes.
    pub max_bytes: u64,
    pub max_redirects: u32,
    pub user_agent: String,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_bytes: 20 * 1024 * 1024,
            max_redirects: 5,
            user_agent: format!("readmore/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// The validators of an earlier answer, for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What the server said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A body (2xx).
    Body {
        bytes: Vec<u8>,
        content_type: Option<String>,
        /// The URL the body came from, after redirects.
        url: String,
        validators: Validators,
        /// The new URL when every redirect on the way was permanent.
        moved_to: Option<String>,
    },
    /// 304: unchanged since the validators sent.
    NotModified { moved_to: Option<String> },
    /// 410: the feed is gone for good.
    Gone,
    /// 429 or 503: come back later (at the `Retry-After` time, when given).
    RetryLater {
        status: u16,
        until: Option<DateTime<Utc>>,
    },
}

/// A failed request, as one line for the summary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct HttpError(pub String);

/// A client shared by the fetch threads (ureq's agent pools connections per host).
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    options: HttpOptions,
}

impl Client {
    pub fn new(options: HttpOptions) -> Self {
        let config = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_connect(Some(options.connect_timeout))
            .timeout_global(Some(options.timeout))
            .user_agent(options.user_agent.as_str())
            .max_idle_connections_per_host(2)
            .build();
        Self {
            agent: config.into(),
            options,
        }
    }

    pub fn options(&self) -> &HttpOptions {
        &self.options
    }

    /// GETs `url`, conditionally when `validators` hold something, following redirects.
    pub fn get(&self, url: &str, validators: &Validators) -> Result<Answer, HttpError> {
        let deadline = Instant::now() + self.options.timeout;
        let mut current = parse_http_url(url)?;
        let mut permanent = true;
        for _ in 0..=self.options.max_redirects {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(timed_out(self.options.timeout));
            }
            let mut request = self
                .agent
                .get(current.as_str())
                .header("Accept-Encoding", "gzip, deflate, br")
                .header(
                    "Accept",
                    "application/rss+xml, application/atom+xml, application/feed+json, \
                     application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
                );
            if let Some(etag) = &validators.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(modified) = &validators.last_modified {
                request = request.header("If-Modified-Since", modified);
            }
            let response = request
                .config()
                .timeout_global(Some(left))
                .build()
                .call()
                .map_err(|err| self.describe(err))?;
            let status = response.status().as_u16();
            let header = |name: &str| {
                (response.headers().get(name))
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned)
            };
            let moved = || permanent.then(|| current.to_string()).filter(|u| u != url);
            match status {
                301 | 302 | 303 | 307 | 308 => {
                    let Some(location) = header("location") else {
                        return Err(HttpError(format!("HTTP {status} without a Location")));
                    };
                    permanent &= matches!(status, 301 | 308);
                    current = current
                        .join(&location)
                        .map_err(|_| HttpError(format!("bad redirect to {location:?}")))?;
                    if !matches!(current.scheme(), "http" | "https") {
                        return Err(HttpError(format!("redirect to a {} URL", current.scheme())));
                    }
                }
                304 => return Ok(Answer::NotModified { moved_to: moved() }),
                410 => return Ok(Answer::Gone),
                429 | 503 => {
                    let until = header("retry-after").and_then(|value| retry_at(&value));
                    return Ok(Answer::RetryLater { status, until });
                }
                200..=299 => {
                    let content_type = header("content-type");
                    let encoding = header("content-encoding").unwrap_or_default();
                    let validators = Validators {
                        etag: header("etag"),
                        last_modified: header("last-modified"),
                    };
                    let moved_to = moved();
                    let reader = response.into_body().into_with_config().reader();
                    let bytes = if encoding.eq_ignore_ascii_case("deflate") {
                        self.read_capped(flate2::read::ZlibDecoder::new(reader))
                    } else {
                        self.read_capped(reader)
                    }?;
                    return Ok(Answer::Body {
                        bytes,
                        content_type,
                        url: current.to_string(),
                        validators,
                        moved_to,
                    });
                }
                _ => {
                    let reason = response.status().canonical_reason().unwrap_or("error");
                    return Err(HttpError(format!("HTTP {status} {reason}")));
                }
            }
        }
        Err(HttpError(format!(
            "more than {} redirects",
            self.options.max_redirects
        )))
    }

    /// Reads at most the size cap, failing beyond it.
    fn read_capped(&self, reader: impl Read) -> Result<Vec<u8>, HttpError> {
        let max = self.options.max_bytes;
        let mut bytes = Vec::new();
        reader
            .take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| self.describe_io(&err))?;
        if bytes.len() as u64 > max {
            return Err(HttpError(format!(
                "larger than {} (the size cap)",
                human_bytes(max)
            )));
        }
        Ok(bytes)
    }

    fn describe(&self, err: ureq::Error) -> HttpError {
        match err {
            ureq::Error::Timeout(_) => timed_out(self.options.timeout),
            ureq::Error::Io(io) => self.describe_io(&io),
            other => HttpError(crate::domain::sanitize::one_line(&other.to_string())),
        }
    }

    fn describe_io(&self, err: &std::io::Error) -> HttpError {
        if err.kind() == std::io::ErrorKind::TimedOut
            || err.to_string().to_ascii_lowercase().contains("timeout")
        {
            return timed_out(self.options.timeout);
        }
        HttpError(crate::domain::sanitize::one_line(&err.to_string()))
    }
}

fn timed_out(limit: Duration) -> HttpError {
    HttpError(format!("timed out after {} s", limit.as_secs_f64()))
}

/// `url` as an http(s) URL, or why not.
pub fn parse_http_url(url: &str) -> Result<Url, HttpError> {
    let parsed =
        Url::parse(url.trim()).map_err(|err| HttpError(format!("bad URL {url:?}: {err}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(HttpError(format!("not an http(s) URL: {url:?}")));
    }
    Ok(parsed)
}

/// A `Retry-After` value (seconds, or an HTTP date) as a time.
fn retry_at(value: &str) -> Option<DateTime<Utc>> {
    if let Ok(seconds) = value.trim().parse::<u32>() {
        return Some(Utc::now() + chrono::Duration::seconds(i64::from(seconds)));
    }
    DateTime::parse_from_rfc2822(value.trim())
        .ok()
        .map(|date| date.with_timezone(&Utc))
}

fn human_bytes(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}
