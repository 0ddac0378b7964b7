from django.shortcuts import render

from .models import Greeting


def index(request):
    return render(request, "index.html")


def db(request):
    Greeting.objects.create()
    return render(request, "db.html", {"greetings": Greeting.objects.all()})
