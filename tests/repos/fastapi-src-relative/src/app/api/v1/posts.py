from fastapi import APIRouter

router = APIRouter(tags=["posts"])


@router.get("/{username}/posts")
async def read_posts(username: str):
    return []
