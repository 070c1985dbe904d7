//! A person's photo: typed from its bytes (JPEG, PNG or WebP, whatever its
//! name or declared type says), decoded under limits (a decompression bomb
//! is refused, not allocated), scaled to at most `MAX_SIDE` on its longer
//! side and written again, so no metadata (a phone's GPS position) is kept.

use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use minutebook_domain::access::Actor;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::councillors::PhotoRow;
use minutebook_store::{self as store};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// The longer side of a kept photo, in pixels.
pub const MAX_SIDE: u32 = 600;
/// The largest upload read (a phone's photo is well under this).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// The largest picture decoded: sides and memory.
const MAX_DECODED_SIDE: u32 = 12_000;
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;

/// A photo ready to keep: its type, size and bytes.
#[derive(Debug, Clone)]
pub struct Photo {
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

fn unreadable(why: impl std::fmt::Display) -> AppError {
    AppError::field(
        "photo",
        format!("not a readable JPEG, PNG or WebP picture: {why}"),
    )
}

/// Reads an upload and writes the photo that is kept.
pub fn prepare(bytes: &[u8]) -> AppResult<Photo> {
    if bytes.len() > MAX_BYTES {
        return Err(AppError::field("photo", "larger than 10 MB"));
    }
    let format = image::guess_format(bytes).map_err(unreadable)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(AppError::field(
            "photo",
            "must be a JPEG, PNG or WebP picture",
        ));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let picture = reader.decode().map_err(unreadable)?;
    let picture = if picture.width() > MAX_SIDE || picture.height() > MAX_SIDE {
        picture.thumbnail(MAX_SIDE, MAX_SIDE)
    } else {
        picture
    };
    encode(picture)
}

/// JPEG for a picture without transparency, PNG for one with it.
fn encode(picture: DynamicImage) -> AppResult<Photo> {
    let (width, height) = (picture.width(), picture.height());
    let mut out = Cursor::new(Vec::new());
    let content_type = if picture.color().has_alpha() {
        picture
            .to_rgba8()
            .write_to(&mut out, ImageFormat::Png)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("writing a photo: {e}")))?;
        "image/png"
    } else {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
        picture
            .to_rgb8()
            .write_with_encoder(encoder)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("writing a photo: {e}")))?;
        "image/jpeg"
    };
    Ok(Photo {
        content_type,
        width,
        height,
        bytes: out.into_inner(),
    })
}

/// Keeps a person's photo (replacing any before), audited.
pub fn put(conn: &mut DbConn, actor: &Actor, person_id: &str, photo: Photo) -> AppResult<PhotoRow> {
    let person = store::people::get(conn, person_id)?;
    let row = PhotoRow {
        person_id: person.id.clone(),
        content_type: photo.content_type.to_string(),
        width: i32::try_from(photo.width).unwrap_or(i32::MAX),
        height: i32::try_from(photo.height).unwrap_or(i32::MAX),
        sha256: hex::encode(Sha256::digest(&photo.bytes)),
        bytes: photo.bytes,
        updated_at: store::now(),
    };
    store::councillors::put_photo(conn, &row)?;
    store::audit::record(
        conn,
        actor,
        "person",
        &person.id,
        "photo",
        serde_json::json!({"sha256": row.sha256, "width": row.width, "height": row.height}),
    )?;
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, alpha: bool) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        if alpha {
            image::RgbaImage::from_pixel(w, h, image::Rgba([10, 20, 30, 128]))
                .write_to(&mut out, ImageFormat::Png)
                .unwrap();
        } else {
            image::RgbImage::from_pixel(w, h, image::Rgb([10, 20, 30]))
                .write_to(&mut out, ImageFormat::Png)
                .unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn a_large_photo_is_scaled_and_written_as_jpeg() {
        let p = prepare(&png(1200, 900, false)).unwrap();
        assert_eq!((p.width, p.height), (600, 450));
        assert_eq!(p.content_type, "image/jpeg");
        assert_eq!(image::guess_format(&p.bytes).unwrap(), ImageFormat::Jpeg);
    }

    #[test]
    fn transparency_keeps_png_and_small_pictures_keep_their_size() {
        let p = prepare(&png(40, 30, true)).unwrap();
        assert_eq!((p.width, p.height), (40, 30));
        assert_eq!(p.content_type, "image/png");
    }

    #[test]
    fn what_is_not_a_picture_is_refused() {
        assert!(prepare(b"%PDF-1.7 not a photo").is_err());
        assert!(prepare(b"GIF89a....").is_err());
        let mut cut = png(100, 100, false);
        cut.truncate(60);
        assert!(prepare(&cut).is_err());
    }
}
